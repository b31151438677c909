CREATE TABLE customers (id int PRIMARY KEY, name text NOT NULL);
INSERT INTO customers VALUES (1, 'Ada'), (2, 'Grace'), (3, 'Edsger');
CREATE TABLE orders (id bigserial PRIMARY KEY, customer int REFERENCES customers, total numeric(12,2), note text,
                     created timestamptz NOT NULL);
INSERT INTO orders (customer, total, note, created)
SELECT 1 + i % 3, (i * 7919 % 100000) / 100.0, md5(i::text), timestamptz '2026-01-01 00:00+00' + i * interval '1 minute'
FROM generate_series(1, 800) i;
CREATE INDEX orders_customer ON orders (customer);
CREATE VIEW big_orders AS SELECT * FROM orders WHERE total > 900;
SELECT lo_from_bytea(0, decode(repeat('cafe', 500), 'hex'));
