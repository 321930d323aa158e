import { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { SqliteStatements } from './sqlite-statements';

/**
 * A SELECT built once by TypeORM's query builder and then run as plain SQL. On
 * the poll path, building the query cost more than running it; built once, the
 * SQL is still the driver's own (placeholders, quoting), so it stays portable.
 * On SQLite the statement is also compiled only once (see SqliteStatements).
 *
 * `build` receives stand-ins for the named parameters and must use them as
 * parameter values; their order in the generated SQL comes from TypeORM.
 */
export function prepareQuery<Names extends string, Row extends ObjectLiteral>(
  names: readonly Names[],
  build: (parameters: Record<Names, string>) => SelectQueryBuilder<ObjectLiteral>,
): (values: Record<Names, unknown>) => Promise<Row[]> {
  const standIns = Object.fromEntries(names.map((name) => [name, `:${name}:`])) as Record<
    Names,
    string
  >;
  const builder = build(standIns);
  const [sql, parameters] = builder.getQueryAndParameters();
  const order = parameters.map((value) => {
    const name = names.find((candidate) => standIns[candidate] === value);
    if (!name) throw new Error(`prepareQuery: a parameter is not one of ${names.join(', ')}`);
    return name;
  });
  const { connection } = builder;
  const run =
    SqliteStatements.of(connection)?.prepare<Row>(sql) ??
    ((parameters: unknown[]) => connection.manager.query<Row[]>(sql, parameters));
  return (values) => run(order.map((name) => values[name]));
}
