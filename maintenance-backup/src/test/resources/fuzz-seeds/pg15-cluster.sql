--
-- PostgreSQL database cluster dump
--

\restrict 0kdBBVn6H4sbl0LlYv8JxSoN3bxQkDU2a3mfP5u5fKReye4IoYhDnhW2ZVlLb2C

SET default_transaction_read_only = off;

SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;

--
-- Roles
--

CREATE ROLE postgres;
ALTER ROLE postgres WITH SUPERUSER INHERIT CREATEROLE CREATEDB LOGIN REPLICATION BYPASSRLS;

--
-- User Configurations
--








\unrestrict 0kdBBVn6H4sbl0LlYv8JxSoN3bxQkDU2a3mfP5u5fKReye4IoYhDnhW2ZVlLb2C

--
-- Databases
--

--
-- Database "template1" dump
--

\connect template1

--
-- PostgreSQL database dump
--

\restrict GIgxVvq9vdb7FOAr5OuFnkMWKb2dcZlXfQ2PujkfC2LCjkCZe4GRZcGcCpJXCdr

-- Dumped from database version 15.20 (Debian 15.20-0+deb12u1)
-- Dumped by pg_dump version 15.20 (Debian 15.20-0+deb12u1)

SET statement_timeout = 0;
SET lock_timeout = 0;
SET idle_in_transaction_session_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);
SET check_function_bodies = false;
SET xmloption = content;
SET client_min_messages = warning;
SET row_security = off;

--
-- PostgreSQL database dump complete
--

\unrestrict GIgxVvq9vdb7FOAr5OuFnkMWKb2dcZlXfQ2PujkfC2LCjkCZe4GRZcGcCpJXCdr

--
-- Database "postgres" dump
--

\connect postgres

--
-- PostgreSQL database dump
--

\restrict McwvVjv1HEWzbdlgTaWfqcxjhbDybMlFSCDkgef4BmfYIvtnvu8UuLhB5BYQdyd

-- Dumped from database version 15.20 (Debian 15.20-0+deb12u1)
-- Dumped by pg_dump version 15.20 (Debian 15.20-0+deb12u1)

SET statement_timeout = 0;
SET lock_timeout = 0;
SET idle_in_transaction_session_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);
SET check_function_bodies = false;
SET xmloption = content;
SET client_min_messages = warning;
SET row_security = off;

--
-- PostgreSQL database dump complete
--

\unrestrict McwvVjv1HEWzbdlgTaWfqcxjhbDybMlFSCDkgef4BmfYIvtnvu8UuLhB5BYQdyd

--
-- Database "shop" dump
--

--
-- PostgreSQL database dump
--

\restrict K9Poxgi1TZMzfUdfQniKJVv3pPVP3DzunqdKjrT0K2d9ae6TvhdCTZp7eD2RB1O

-- Dumped from database version 15.20 (Debian 15.20-0+deb12u1)
-- Dumped by pg_dump version 15.20 (Debian 15.20-0+deb12u1)

SET statement_timeout = 0;
SET lock_timeout = 0;
SET idle_in_transaction_session_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);
SET check_function_bodies = false;
SET xmloption = content;
SET client_min_messages = warning;
SET row_security = off;

--
-- Name: shop; Type: DATABASE; Schema: -; Owner: postgres
--

CREATE DATABASE shop WITH TEMPLATE = template0 ENCODING = 'UTF8' LOCALE_PROVIDER = libc LOCALE = 'C.UTF-8';


ALTER DATABASE shop OWNER TO postgres;

\unrestrict K9Poxgi1TZMzfUdfQniKJVv3pPVP3DzunqdKjrT0K2d9ae6TvhdCTZp7eD2RB1O
\connect shop
\restrict K9Poxgi1TZMzfUdfQniKJVv3pPVP3DzunqdKjrT0K2d9ae6TvhdCTZp7eD2RB1O

SET statement_timeout = 0;
SET lock_timeout = 0;
SET idle_in_transaction_session_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);
SET check_function_bodies = false;
SET xmloption = content;
SET client_min_messages = warning;
SET row_security = off;

SET default_tablespace = '';

SET default_table_access_method = heap;

--
-- Name: items; Type: TABLE; Schema: public; Owner: postgres
--

CREATE TABLE public.items (
    id integer NOT NULL,
    name text
);


ALTER TABLE public.items OWNER TO postgres;

--
-- Data for Name: items; Type: TABLE DATA; Schema: public; Owner: postgres
--

COPY public.items (id, name) FROM stdin;
1	item 1
2	item 2
3	item 3
4	item 4
5	item 5
6	item 6
7	item 7
8	item 8
9	item 9
10	item 10
11	item 11
12	item 12
13	item 13
14	item 14
15	item 15
16	item 16
17	item 17
18	item 18
19	item 19
20	item 20
\.


--
-- Name: items items_pkey; Type: CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.items
    ADD CONSTRAINT items_pkey PRIMARY KEY (id);


--
-- PostgreSQL database dump complete
--

\unrestrict K9Poxgi1TZMzfUdfQniKJVv3pPVP3DzunqdKjrT0K2d9ae6TvhdCTZp7eD2RB1O

--
-- PostgreSQL database cluster dump complete
--

