-- A second migration, with the territory placeholder every service migration may use.
ALTER TABLE tags ADD COLUMN territory char(2) NOT NULL DEFAULT '${territory}';
