//! A fresh PostgreSQL schema per test, in the database named by
//! `PRECIS_TEST_DATABASE_URL`, so that tests run in parallel and apart;
//! without that variable the tests say they are skipped and pass.

use std::io::Write;
use std::sync::Once;

use tokio_postgres::NoTls;

/// The variable naming the test database.
pub const DATABASE_URL_VARIABLE: &str = "PRECIS_TEST_DATABASE_URL";

/// A schema that exists until this is dropped.
pub struct Schema {
    admin_url: String,
    name: String,
    /// The database URL with this schema as the search path.
    pub url: String,
}

impl Schema {
    /// A new empty schema, or `None` (said once, on the real standard error
    /// so that it shows past the test harness) when no test database is
    /// configured.
    pub async fn create() -> Option<Schema> {
        let Ok(admin_url) = std::env::var(DATABASE_URL_VARIABLE) else {
            static SAID: Once = Once::new();
            SAID.call_once(|| {
                let _ = writeln!(
                    std::io::stderr(),
                    "skipped: {DATABASE_URL_VARIABLE} not set; PostgreSQL tests did not run"
                );
            });
            return None;
        };
        let name = format!("precis_test_{}", uuid::Uuid::now_v7().simple());
        execute(&admin_url, &format!("CREATE SCHEMA {name}")).await;
        let separator = if admin_url.contains('?') { '&' } else { '?' };
        let url = format!("{admin_url}{separator}options=-csearch_path%3D{name}");
        Some(Schema {
            admin_url,
            name,
            url,
        })
    }
}

impl Drop for Schema {
    fn drop(&mut self) {
        // Drop runs outside any runtime (or inside one that must not
        // block), so the schema is dropped from a thread of its own.
        let admin_url = self.admin_url.clone();
        let statement = format!("DROP SCHEMA {} CASCADE", self.name);
        let dropped = std::thread::spawn(move || {
            tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("runtime")
                .block_on(execute(&admin_url, &statement));
        })
        .join();
        if dropped.is_err() && !std::thread::panicking() {
            panic!("cannot drop schema {}", self.name);
        }
    }
}

/// Runs one statement on a connection of its own.
pub async fn execute(url: &str, statement: &str) {
    let (client, connection) = tokio_postgres::connect(url, NoTls)
        .await
        .unwrap_or_else(|error| panic!("connect to {DATABASE_URL_VARIABLE}: {error}"));
    let connection = tokio::spawn(connection);
    client
        .batch_execute(statement)
        .await
        .unwrap_or_else(|error| panic!("{statement}: {error}"));
    drop(client);
    let _ = connection.await;
}
