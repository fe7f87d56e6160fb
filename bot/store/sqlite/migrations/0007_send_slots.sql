-- Send limits shared by replicas: PostgreSQL only (bot.SendLimiter). One
-- SQLite file serves one process, which paces its sends in memory; this
-- version keeps the two stores' schema versions in step.
SELECT 1;
