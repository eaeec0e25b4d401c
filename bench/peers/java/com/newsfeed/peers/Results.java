package com.newsfeed.peers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** The run's figures, one a row: {@code scenario,contender,round,metric,value}, flushed as they come. */
final class Results implements AutoCloseable {

    static final String HEADER = "scenario,contender,round,metric,value";

    private final Writer out;

    Results(Path file) {
        try {
            out = Files.newBufferedWriter(file);
            out.write(HEADER + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    synchronized void add(String scenario, String contender, int round, String metric, double value) {
        try {
            out.write(String.format(Locale.ROOT, "%s,%s,%d,%s,%.4f%n", scenario, contender, round, metric, value));
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
