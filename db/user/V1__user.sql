-- The user service's tables, in every territory schema. Empty for now: profiles, privacy, follows
-- and blocks arrive with the Users issue. The migration exists so the service's history starts here.
SELECT 1;
