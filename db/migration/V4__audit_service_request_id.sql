-- request_id is the id the response carried, which a caller or gateway may choose (X-Request-Id is
-- reused when well-formed, for correlation). service_request_id is made by the service for every
-- request and never taken from a caller: rows of one request share it, and no caller can forge or
-- collide it. Log lines written while serving the request carry it as serviceRequestId. Rows written
-- before this migration have none.
alter table audit_event add column service_request_id varchar(32);
