/**
 * Test support shared by the modules' tests: each test run gets a private PostgreSQL database on
 * the real server, so runs never see each other's data. Used only in test scope.
 */
module agora.platform.testing {
    requires transitive java.sql;
    requires org.postgresql.jdbc;

    exports agora.platform.testing;
}
