-- A migration as an application ships it, with the mistakes the schema lint exists to catch.
CREATE TABLE customers (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email text NOT NULL,
    profile json);
CREATE TABLE orders (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    customer_id bigint NOT NULL REFERENCES customers,
    placed timestamp NOT NULL);
CREATE INDEX orders_placed ON orders (placed);
CREATE INDEX orders_placed_again ON orders (placed);
CREATE TABLE audit_log (at timestamptz NOT NULL, note text);
