async fn find(pool: &sqlx::PgPool, conn: &rusqlite::Connection, name: &str, id: i64) -> anyhow::Result<()> {
    // ruleid: rust.injection.sql-format
    let rows = sqlx::query(&format!("SELECT * FROM users WHERE name = '{}'", name)).fetch_all(pool).await?;
    // ruleid: rust.injection.sql-format
    conn.execute(&format!("DELETE FROM users WHERE id = {}", id), [])?;
    // ok: rust.injection.sql-format
    let safe = sqlx::query("SELECT * FROM users WHERE name = $1").bind(name).fetch_all(pool).await?;
    // ok: rust.injection.sql-format
    conn.execute("DELETE FROM users WHERE id = ?1", [id])?;
    // ok: rust.injection.sql-format
    println!("{}", format!("{} rows", rows.len() + safe.len()));
    Ok(())
}
