-- The address of the client that made the change: the peer's, or behind a proxy trusted by
-- csms.http.trusted-proxies the client's it forwarded in X-Forwarded-For. IPv6 addresses take up to 45
-- characters. Rows written before this migration, and by the service's own work, have none.
alter table audit_event add column client_address varchar(45);
