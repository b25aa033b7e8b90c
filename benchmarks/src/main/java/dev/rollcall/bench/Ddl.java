package dev.rollcall.bench;

import dev.rollcall.jdbc.internal.Tables;

import java.util.ArrayList;
import java.util.List;

/**
 * Prints what run.sh's bulk-load floors need: {@code h2-floor} and {@code pg-floor}, the DDL
 * of {@code floor_users}, a table with the users table's columns, constraints and indexes
 * (and defaults for the columns an upload does not fill); {@code libpq-url URL}, a JDBC
 * PostgreSQL URL as psql takes it.
 */
public final class Ddl {

    private Ddl() {
    }

    /** @param args {@code h2-floor}, {@code pg-floor}, or {@code libpq-url URL} */
    public static void main(String[] args) {
        if (args[0].equals("libpq-url")) {
            System.out.println(args[1].replaceFirst("^jdbc:", ""));
            return;
        }
        List<String> out = new ArrayList<>();
        for (String ddl : Tables.ddl()) {
            if (ddl.contains(" " + Tables.USERS + " (") || ddl.contains(" ON " + Tables.USERS + " (")) {
                out.add(ddl.replace(Tables.USERS, "floor_users").replace("rollcall_users_", "floor_users_")
                        .replace("version BIGINT NOT NULL", "version BIGINT DEFAULT 1 NOT NULL")
                        .replace("BOOLEAN NOT NULL", "BOOLEAN DEFAULT FALSE NOT NULL")
                        .replace("TIME ZONE NOT NULL", "TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL"));
            }
        }
        System.out.println(String.join(";\n", out) + ";");
    }
}
