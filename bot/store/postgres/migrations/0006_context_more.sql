-- "tell me more" state: the longer text of context_intent was shown, so a
-- second "more" offers other topics instead of repeating it.
ALTER TABLE people ADD COLUMN context_more boolean NOT NULL DEFAULT false;
