package dev.rollcall.cli;

import dev.rollcall.csv.CsvTemplates;
import dev.rollcall.web.ConsoleServlet;
import dev.rollcall.web.ConsoleTemplate;
import dev.rollcall.web.JobsConsole;
import dev.rollcall.web.RollcallConsole;
import dev.rollcall.web.TokenFilter;
import dev.rollcall.xml.XmlTemplates;
import jakarta.servlet.DispatcherType;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.http.HttpCookie;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.EnumSet;
import java.util.concurrent.Callable;

/**
 * {@code rollcall serve}: the review console in the browser, on embedded Jetty, over the same
 * store as the other commands. Binds 127.0.0.1 unless told otherwise and lets in only a
 * browser that opened the address it prints, which carries a random token.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Runs the review console in the browser (upload, review, apply, results, templates, jobs) "
                + "over the store, until stopped. Prints the address to open; it carries a one-time token.")
final class ServeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--port", paramLabel = "N", defaultValue = "8080", description = "the port (default 8080; 0 picks a free one)")
    int port;

    @Option(names = "--bind", paramLabel = "ADDR", defaultValue = "127.0.0.1",
            description = "the address to listen on (default 127.0.0.1: this machine only)")
    String bind;

    @Option(names = "--max-upload", paramLabel = "MB", defaultValue = "200", description = "the largest upload accepted, in MB")
    long maxUploadMb;

    @Mixin
    DecodeOptions decode;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        boolean interrupted = false;
        try (JobsCommand.Stores stores = JobsCommand.Stores.open(spec)) {
            var decoder = decode.decoder();
            RollcallConsole console = RollcallConsole.builder()
                    .repository(stores.users)
                    .planner(b -> decoder.ifPresent(b::decoder))
                    .maxUploadBytes(maxUploadMb << 20)
                    .template(new ConsoleTemplate("users.csv", "text/csv", (s, w) -> CsvTemplates.template(s, true, w)))
                    .template(new ConsoleTemplate("users.xml", "application/xml", (s, w) -> w.write(XmlTemplates.template(s))))
                    .template(new ConsoleTemplate("users.xsd", "application/xml", (s, w) -> w.write(XmlTemplates.xsd(s))))
                    .jobs(new JobsConsole(stores.jobs, (name, settings) -> JobsFile.job(name, settings, JobsCommand.CHECKING_ENV),
                            java.util.Map.of(JobsFile.BASE, java.nio.file.Path.of("").toAbsolutePath().toString())))
                    .build();
            String token = TokenFilter.newToken();
            Server server = server(console, token);
            server.start();
            try {
                int actual = ((ServerConnector) server.getConnectors()[0]).getLocalPort();
                String host = bind.contains(":") ? "[" + bind + "]" : bind.equals("0.0.0.0") ? "127.0.0.1" : bind;
                if (!loopback(bind)) {
                    spec.commandLine().getErr().println("warning: listening on " + bind
                            + ": other machines can reach the console (HTTP, not encrypted); only the token keeps them out");
                    spec.commandLine().getErr().flush();
                }
                out.println("Rollcall console on " + bind + ":" + actual + ". Open:");
                out.println("  http://" + host + ":" + actual + "/?token=" + token);
                out.println("Stop it with Ctrl+C.");
                out.flush();
                server.join();
            } catch (InterruptedException e) {
                interrupted = true; // stopped: close the store first, with the thread not interrupted (H2 would fail)
            } finally {
                server.stop();
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return Main.OK;
    }

    /**
     * @param bind the address given to {@code --bind}
     * @return whether only this machine can reach it (127.0.0.0/8, ::1, a name that resolves to them)
     */
    static boolean loopback(String bind) {
        String host = bind.startsWith("[") && bind.endsWith("]") ? bind.substring(1, bind.length() - 1) : bind;
        try {
            return java.net.InetAddress.getByName(host).isLoopbackAddress();
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }

    private Server server(RollcallConsole console, String token) {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost(bind);
        connector.setPort(port);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler(ServletContextHandler.SESSIONS);
        context.setContextPath("/");
        context.getSessionHandler().setHttpOnly(true);
        context.getSessionHandler().setSameSite(HttpCookie.SameSite.STRICT);
        context.addFilter(new FilterHolder(new TokenFilter(token)), "/*", EnumSet.of(DispatcherType.REQUEST));
        ServletHolder holder = new ServletHolder(new ConsoleServlet(console));
        holder.getRegistration().setMultipartConfig(console.multipartConfig());
        context.addServlet(holder, "/*");
        server.setHandler(context);
        server.setStopAtShutdown(true);
        return server;
    }
}
