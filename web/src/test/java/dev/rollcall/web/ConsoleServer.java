package dev.rollcall.web;

import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

import java.net.URI;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.TimeUnit;

/** The console on Jetty in this process, on a random port of 127.0.0.1, mounted at /console/*. */
final class ConsoleServer implements AutoCloseable {

    private final Server server;
    final URI root;

    ConsoleServer(RollcallConsole console, jakarta.servlet.Filter filter) throws Exception {
        server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler(ServletContextHandler.SESSIONS);
        context.setContextPath("/");
        ServletHolder holder = new ServletHolder(new ConsoleServlet(console));
        holder.getRegistration().setMultipartConfig(console.multipartConfig());
        context.addServlet(holder, "/console/*");
        if (filter != null) {
            context.addFilter(new org.eclipse.jetty.ee10.servlet.FilterHolder(filter), "/*",
                    java.util.EnumSet.of(jakarta.servlet.DispatcherType.REQUEST));
        }
        server.setHandler(context);
        server.start();
        root = URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/console/");
    }

    /** Stops the server; declares no checked exception (try-with-resources would warn of InterruptedException). */
    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("the test server did not stop", e);
        }
    }

    /** Runs each task at once, on the caller's thread: a test sees a plan as soon as its upload returns. */
    static final class Direct extends AbstractExecutorService {
        private volatile boolean shut;

        @Override
        public void execute(Runnable command) {
            command.run();
        }

        @Override
        public void shutdown() {
            shut = true;
        }

        @Override
        public List<Runnable> shutdownNow() {
            shut = true;
            return List.of();
        }

        @Override
        public boolean isShutdown() {
            return shut;
        }

        @Override
        public boolean isTerminated() {
            return shut;
        }

        @Override
        public boolean awaitTermination(long timeout, TimeUnit unit) {
            return true;
        }
    }
}
