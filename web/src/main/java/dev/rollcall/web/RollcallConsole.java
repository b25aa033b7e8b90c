package dev.rollcall.web;

import dev.rollcall.core.UploadPlanner;
import dev.rollcall.spi.UserRepository;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * What a {@link ConsoleServlet} works with: the host's store, how plans are made, who may
 * enter, the upload size limit, the templates offered and, optionally, the job store.
 * Immutable and thread-safe; build one with {@link #builder()}.
 *
 * <pre>{@code
 * RollcallConsole console = RollcallConsole.builder()
 *         .repository(repository)
 *         .planner(b -> b.notifier(myNotifier))          // anything else every plan takes
 *         .authorizer(request -> request.isUserInRole("admin"))
 *         .build();
 * }</pre>
 */
public final class RollcallConsole {

    /** The default upload size limit: 200 MB. */
    public static final long DEFAULT_MAX_UPLOAD_BYTES = 200L << 20;

    private final UserRepository repository;
    private final Consumer<UploadPlanner.Builder> planner;
    private final Authorizer authorizer;
    private final long maxUploadBytes;
    private final Path workDirectory;
    private final List<ConsoleTemplate> templates;
    private final String messages;
    private final int pageSize;
    private final ExecutorService executor;
    private final boolean ownExecutor;
    private final Object jobs;

    private RollcallConsole(Builder b) {
        this.repository = Objects.requireNonNull(b.repository, "repository must be set");
        this.planner = b.planner;
        this.authorizer = b.authorizer;
        this.maxUploadBytes = b.maxUploadBytes;
        this.workDirectory = b.workDirectory;
        this.templates = List.copyOf(b.templates);
        this.messages = b.messages;
        this.pageSize = b.pageSize;
        this.ownExecutor = b.executor == null;
        this.executor = b.executor != null ? b.executor : Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "rollcall-console");
            t.setDaemon(true);
            return t;
        });
        this.jobs = b.jobs;
    }

    /** @return a builder */
    public static Builder builder() {
        return new Builder();
    }

    UserRepository repository() {
        return repository;
    }

    Consumer<UploadPlanner.Builder> planner() {
        return planner;
    }

    Authorizer authorizer() {
        return authorizer;
    }

    /** @return the largest upload accepted, in bytes */
    public long maxUploadBytes() {
        return maxUploadBytes;
    }

    /** @return where uploads are kept while they are planned, or {@code null} for the system's temporary folder */
    public Path workDirectory() {
        return workDirectory;
    }

    List<ConsoleTemplate> templates() {
        return templates;
    }

    String messages() {
        return messages;
    }

    int pageSize() {
        return pageSize;
    }

    ExecutorService executor() {
        return executor;
    }

    /** Stops the console's own threads (not an executor the host gave). */
    void shutdown() {
        if (ownExecutor) {
            executor.shutdownNow();
        }
    }

    /** @return the jobs pages' settings ({@code JobsConsole}), or {@code null}: typed loosely so that rollcall-jobs stays optional */
    Object jobs() {
        return jobs;
    }

    /**
     * The multipart settings the servlet needs for uploads, with this console's size limit:
     * give them to the container when registering the servlet (Jetty's
     * {@code holder.getRegistration().setMultipartConfig(...)}, Spring's
     * {@code ServletRegistrationBean.setMultipartConfig(...)}).
     *
     * @return the multipart configuration
     */
    public jakarta.servlet.MultipartConfigElement multipartConfig() {
        String location = workDirectory == null ? "" : workDirectory.toString();
        return new jakarta.servlet.MultipartConfigElement(location, maxUploadBytes, maxUploadBytes + (1 << 20), 1 << 20);
    }

    /** Builds a {@link RollcallConsole}. */
    public static final class Builder {
        private UserRepository repository;
        private Consumer<UploadPlanner.Builder> planner = b -> { };
        private Authorizer authorizer = Authorizer.AUTHENTICATED;
        private long maxUploadBytes = DEFAULT_MAX_UPLOAD_BYTES;
        private Path workDirectory;
        private final List<ConsoleTemplate> templates = new ArrayList<>();
        private String messages;
        private int pageSize = 100;
        private ExecutorService executor;
        private Object jobs;

        private Builder() {
        }

        /** The store uploads are planned against and applied to (required). */
        public Builder repository(UserRepository value) {
            this.repository = Objects.requireNonNull(value, "repository must not be null");
            return this;
        }

        /**
         * What every plan takes besides the settings of the upload form: a decoder for PGP
         * files, a notifier, a password policy, a batch size, …. Called on a fresh builder
         * that has the repository; the form's settings are set after it.
         */
        public Builder planner(Consumer<UploadPlanner.Builder> value) {
            this.planner = Objects.requireNonNull(value, "planner must not be null");
            return this;
        }

        /** Who may enter (default {@link Authorizer#AUTHENTICATED}). */
        public Builder authorizer(Authorizer value) {
            this.authorizer = Objects.requireNonNull(value, "authorizer must not be null");
            return this;
        }

        /** The largest upload accepted, in bytes (default {@link #DEFAULT_MAX_UPLOAD_BYTES}). */
        public Builder maxUploadBytes(long value) {
            if (value <= 0) {
                throw new IllegalArgumentException("maxUploadBytes must be positive: " + value);
            }
            this.maxUploadBytes = value;
            return this;
        }

        /** Where uploads are kept while they are planned (default: the system's temporary folder). */
        public Builder workDirectory(Path value) {
            this.workDirectory = Objects.requireNonNull(value, "workDirectory must not be null");
            return this;
        }

        /** A file the Templates page offers; repeatable. */
        public Builder template(ConsoleTemplate value) {
            templates.add(Objects.requireNonNull(value, "template must not be null"));
            return this;
        }

        /**
         * A host's resource bundle (base name, on the context class loader) whose keys win
         * over the console's own {@code dev.rollcall.web.messages}: to translate or reword.
         */
        public Builder messages(String bundleBaseName) {
            this.messages = Objects.requireNonNull(bundleBaseName, "bundleBaseName must not be null");
            return this;
        }

        /** Rows on a page of the review and results (default 100). */
        public Builder pageSize(int value) {
            if (value < 1 || value > 10_000) {
                throw new IllegalArgumentException("pageSize must be 1 to 10000: " + value);
            }
            this.pageSize = value;
            return this;
        }

        /** Where planning and applying run (default: daemon threads of the console's own, stopped with the servlet). */
        public Builder executor(ExecutorService value) {
            this.executor = Objects.requireNonNull(value, "executor must not be null");
            return this;
        }

        /**
         * Shows the jobs pages (needs rollcall-jobs on the class path).
         *
         * @param value the job store and how job forms are read
         */
        public Builder jobs(JobsConsole value) {
            this.jobs = Objects.requireNonNull(value, "jobs must not be null");
            return this;
        }

        /** @return the console settings */
        public RollcallConsole build() {
            return new RollcallConsole(this);
        }
    }
}
