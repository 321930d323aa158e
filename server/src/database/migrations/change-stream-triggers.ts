import type { DataSource, QueryRunner } from 'typeorm';

/**
 * The database's half of the change stream: what must happen in the same
 * statement as a message's insert or update, on each engine.
 *
 * - The room's head advances with every new, edited or deleted message, and the
 *   message carries the new value. On SQLite, whose writes are serial, the writing
 *   statement computes `lastSeq + 1` itself; the triggers check it and move the head.
 *   On PostgreSQL a BEFORE trigger takes the value from an UPDATE of the room row,
 *   whose lock it holds until commit: within a room, seq order is commit order.
 * - `message_mentions` follows the message's `mentions` (a JSON array of usernames):
 *   it is what unread mentions are counted from, one index range per user and room.
 */
export function changeStreamTriggers(engine: string): {
  create: string[];
  drop: string[];
  names: string[];
} {
  return engine === 'postgres' ? postgres : sqlite;
}

/**
 * Runs a schema change of `messages` or `rooms` with the triggers out of the way
 * and puts them back after. On SQLite, TypeORM rebuilds a table to alter it
 * (copy, drop, rename), which drops the table's triggers, or fails on those of
 * another table that name it: every later migration touching these tables must
 * go through here. (The app refuses to start without the triggers.)
 */
export async function withoutChangeStreamTriggers(
  queryRunner: QueryRunner,
  change: () => Promise<void>,
): Promise<void> {
  const triggers = changeStreamTriggers(queryRunner.connection.driver.options.type);
  for (const statement of triggers.drop) await queryRunner.query(statement);
  await change();
  for (const statement of triggers.create) await queryRunner.query(statement);
}

/** Throws unless every trigger of the change stream is in the database. */
export async function assertChangeStreamTriggers(dataSource: DataSource): Promise<void> {
  const { names } = changeStreamTriggers(dataSource.driver.options.type);
  const rows = await dataSource.query<{ name: string }[]>(
    dataSource.driver.options.type === 'postgres'
      ? `SELECT tgname AS name FROM pg_trigger WHERE NOT tgisinternal`
      : `SELECT name FROM sqlite_master WHERE type = 'trigger'`,
  );
  const present = new Set(rows.map((row) => row.name));
  const missing = names.filter((name) => !present.has(name));
  if (missing.length > 0) {
    throw new Error(
      `The database lacks the change stream's triggers (${missing.join(', ')}): a migration ` +
        'altered messages or rooms without withoutChangeStreamTriggers()',
    );
  }
}

const sqliteMentionRows = `
  INSERT INTO message_mentions ("messageId", "userId", "roomId", seq)
  SELECT NEW.id, users.id, NEW."roomId", NEW.seq
  FROM json_each(NEW.mentions) AS mentioned
  JOIN users ON users."usernameKey" = lower(mentioned.value)
  WHERE users.id <> NEW."userId" AND NEW."deletedAt" IS NULL;`;

const sqlite = {
  create: [
    `CREATE TRIGGER messages_check_seq BEFORE INSERT ON messages
     WHEN NEW.seq IS NOT (SELECT "lastSeq" + 1 FROM rooms WHERE id = NEW."roomId")
     BEGIN SELECT RAISE(ABORT, 'seq must be the room''s next value'); END`,
    `CREATE TRIGGER messages_check_change_seq BEFORE UPDATE OF "changeSeq" ON messages
     WHEN NEW."changeSeq" IS NOT OLD."changeSeq"
      AND NEW."changeSeq" IS NOT (SELECT "lastSeq" + 1 FROM rooms WHERE id = NEW."roomId")
     BEGIN SELECT RAISE(ABORT, 'changeSeq must be the room''s next value'); END`,
    `CREATE TRIGGER messages_advance_room_on_insert AFTER INSERT ON messages
     BEGIN UPDATE rooms SET "lastSeq" = NEW.seq WHERE id = NEW."roomId"; END`,
    `CREATE TRIGGER messages_advance_room_on_change AFTER UPDATE OF "changeSeq" ON messages
     WHEN NEW."changeSeq" IS NOT OLD."changeSeq"
     BEGIN UPDATE rooms SET "lastSeq" = NEW."changeSeq" WHERE id = NEW."roomId"; END`,
    `CREATE TRIGGER messages_mentions_on_insert AFTER INSERT ON messages
     BEGIN ${sqliteMentionRows} END`,
    `CREATE TRIGGER messages_mentions_on_change AFTER UPDATE OF mentions, "deletedAt" ON messages
     BEGIN
       DELETE FROM message_mentions WHERE "messageId" = NEW.id;
       ${sqliteMentionRows}
     END`,
  ],
  names: [
    'messages_check_seq',
    'messages_check_change_seq',
    'messages_advance_room_on_insert',
    'messages_advance_room_on_change',
    'messages_mentions_on_insert',
    'messages_mentions_on_change',
  ],
  drop: [
    'DROP TRIGGER messages_check_seq',
    'DROP TRIGGER messages_check_change_seq',
    'DROP TRIGGER messages_advance_room_on_insert',
    'DROP TRIGGER messages_advance_room_on_change',
    'DROP TRIGGER messages_mentions_on_insert',
    'DROP TRIGGER messages_mentions_on_change',
  ],
};

const postgres = {
  create: [
    `CREATE FUNCTION messages_take_seq() RETURNS trigger LANGUAGE plpgsql AS $$
     BEGIN
       IF TG_OP = 'INSERT' THEN
         UPDATE rooms SET "lastSeq" = "lastSeq" + 1 WHERE id = NEW."roomId"
           RETURNING "lastSeq" INTO NEW.seq;
         NEW."changeSeq" := NEW.seq;
       -- Whatever a reader sees changed: a new value, even when the statement computed
       -- the same one as a concurrent edit it waited for (its snapshot predates it).
       ELSIF NEW."changeSeq" IS DISTINCT FROM OLD."changeSeq"
          OR (NEW.content, NEW."editedAt", NEW."deletedAt")
             IS DISTINCT FROM (OLD.content, OLD."editedAt", OLD."deletedAt") THEN
         UPDATE rooms SET "lastSeq" = "lastSeq" + 1 WHERE id = NEW."roomId"
           RETURNING "lastSeq" INTO NEW."changeSeq";
       END IF;
       RETURN NEW;
     END $$`,
    `CREATE TRIGGER messages_take_seq BEFORE INSERT OR UPDATE ON messages
     FOR EACH ROW EXECUTE FUNCTION messages_take_seq()`,
    `CREATE FUNCTION messages_index_mentions() RETURNS trigger LANGUAGE plpgsql AS $$
     BEGIN
       IF TG_OP = 'UPDATE' THEN
         DELETE FROM message_mentions WHERE "messageId" = NEW.id;
       END IF;
       INSERT INTO message_mentions ("messageId", "userId", "roomId", seq)
       SELECT NEW.id, users.id, NEW."roomId", NEW.seq
       FROM json_array_elements_text(NEW.mentions::json) AS mentioned(name)
       JOIN users ON users."usernameKey" = lower(mentioned.name)
       WHERE users.id <> NEW."userId" AND NEW."deletedAt" IS NULL;
       RETURN NULL;
     END $$`,
    `CREATE TRIGGER messages_index_mentions AFTER INSERT OR UPDATE OF mentions, "deletedAt"
     ON messages FOR EACH ROW EXECUTE FUNCTION messages_index_mentions()`,
  ],
  names: ['messages_take_seq', 'messages_index_mentions'],
  drop: [
    'DROP TRIGGER messages_index_mentions ON messages',
    'DROP FUNCTION messages_index_mentions',
    'DROP TRIGGER messages_take_seq ON messages',
    'DROP FUNCTION messages_take_seq',
  ],
};
