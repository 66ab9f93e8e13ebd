-- The widget names each form it sends. A form sent again because its answer never arrived
-- (the connection dropped after the server took it) finds the chat or ticket it made,
-- rather than queueing a second one.
ALTER TABLE conversations ADD COLUMN form_id TEXT;
CREATE UNIQUE INDEX conversations_form_id ON conversations (form_id);
ALTER TABLE tickets ADD COLUMN form_id TEXT;
CREATE UNIQUE INDEX tickets_form_id ON tickets (form_id);
