import { DB_KINDS, createTestDatabase, type TestDatabase } from '../support/testDb.js';
import { transactionWithDriver } from '../../server/db/driverTransaction.js';

// The import's bulk INSERTs go through this connection: if it were not the transaction's own, a
// failed import would leave those rows behind.
describe.each(DB_KINDS)('transactionWithDriver (%s)', (kind) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase(kind);
  });
  afterAll(() => db.dropAndClose());

  test('rows written on the driver connection are in the transaction: a rollback takes them too', async () => {
    const seen = { driver: false };
    await expect(
      transactionWithDriver(
        db.prisma,
        async (tx, driver) => {
          seen.driver = driver !== null;
          const write = `INSERT INTO "InstanceSecret" (name, value) VALUES ('driver-tx-test', 'x')`;
          if (driver) await driver.query(write, []);
          else await tx.$executeRawUnsafe(write);
          const [row] = await tx.$queryRawUnsafe<{ n: number }[]>(
            `SELECT count(*)::int AS n FROM "InstanceSecret" WHERE name = 'driver-tx-test'`,
          );
          expect(row.n).toBe(1);
          throw new Error('roll back');
        },
        { timeout: 30_000 },
      ),
    ).rejects.toThrow('roll back');
    // PostgreSQL gets the transaction's pg connection; PGlite keeps Prisma.
    expect(seen.driver).toBe(kind === 'postgres');
    const [after] = await db.prisma.$queryRawUnsafe<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM "InstanceSecret" WHERE name = 'driver-tx-test'`,
    );
    expect(after.n).toBe(0);
  });
});
