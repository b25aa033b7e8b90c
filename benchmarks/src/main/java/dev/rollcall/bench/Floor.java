package dev.rollcall.bench;

import java.nio.file.Path;

/** A whole-process floor: a JVM that iterates a CSV file with bare univocity and prints the row count. */
public final class Floor {

    private Floor() {
    }

    /** @param args the CSV file */
    public static void main(String[] args) throws Exception {
        System.out.println(CsvBenchmark.univocity(Path.of(args[0])) + " rows");
    }
}
