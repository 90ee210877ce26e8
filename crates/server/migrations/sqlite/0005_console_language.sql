-- The language each organizer reads the console in: Norwegian bokmål unless they chose English.
ALTER TABLE organizers ADD COLUMN language TEXT NOT NULL DEFAULT 'nb' CHECK (language IN ('nb', 'en'));
