-- The dashboard language a member chose ('en' or 'th'); NULL follows the browser.
ALTER TABLE users ADD COLUMN locale TEXT CHECK (locale IS NULL OR locale IN ('en', 'th'));
