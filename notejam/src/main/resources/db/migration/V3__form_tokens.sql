-- A create form carries a one-time token, kept with what it created: the same form posted again (a retry after
-- a lost answer, a double click) finds the row it already made instead of making a second one.
ALTER TABLE notes ADD COLUMN form_token UUID;
ALTER TABLE pads ADD COLUMN form_token UUID;
CREATE UNIQUE INDEX notes_user_form_token ON notes (user_id, form_token) WHERE form_token IS NOT NULL;
CREATE UNIQUE INDEX pads_user_form_token ON pads (user_id, form_token) WHERE form_token IS NOT NULL;
