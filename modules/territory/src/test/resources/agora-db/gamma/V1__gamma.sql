-- A stand-in for a service mounted beside the territory service: its table must appear in every new territory.
CREATE TABLE gamma_items (id uuid PRIMARY KEY, label citext NOT NULL);
