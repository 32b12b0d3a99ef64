import { Pool } from "pg";

export async function find(pool: Pool, email: string, id: number): Promise<void> {
  // ruleid: typescript.injection.sql-string-building
  await pool.query(`SELECT * FROM users WHERE email = '${email}'`);
  // ruleid: typescript.injection.sql-string-building
  await pool.query("SELECT * FROM users WHERE id = " + id);
}

export async function safe(pool: Pool, email: string): Promise<void> {
  // ok: typescript.injection.sql-string-building
  await pool.query("SELECT * FROM users WHERE email = $1", [email]);
  // ok: typescript.injection.sql-string-building
  await pool.query(`SELECT count(*) FROM users`);
}
