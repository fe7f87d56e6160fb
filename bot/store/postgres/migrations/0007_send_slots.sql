-- Send limits shared by the replicas (bot.SendLimiter): one row per
-- bucket (a platform's overall limit, a chat's or a channel's, the chat
-- named by its pseudonym, never its id), holding the theoretical arrival
-- time of the next send. Rows idle for a minute are deleted.
CREATE TABLE send_slots (
    bucket text        PRIMARY KEY,
    tat    timestamptz NOT NULL
);
