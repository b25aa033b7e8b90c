package dev.rollcall.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * Issue 15: a command line that names a command builds only that command; what it prints
 * must not depend on that.
 */
class ChosenCommandTest {

    @Test
    void commandsByName_areExactlyTheCommandsOfMain_inItsOrder() {
        CommandLine all = new CommandLine(new Main());
        assertEquals(List.copyOf(all.getSubcommands().keySet()), List.copyOf(Main.COMMANDS.keySet()));
        all.getSubcommands().forEach((name, c) ->
                assertEquals(c.getCommandSpec().userObject().getClass(), Main.COMMANDS.get(name), name));
    }

    @Test
    void chosen_isTheFirstArgumentThatIsNotTheRootsOption() {
        assertEquals("plan", Main.chosen(new String[] {"plan", "users.csv"}));
        assertEquals("apply", Main.chosen(new String[] {"--store", "jdbc:h2:mem:x", "apply", "plan"}));
        assertEquals("plan", Main.chosen(new String[] {"--store-mapping", "apply", "plan", "x.csv"}));
        assertEquals("jobs", Main.chosen(new String[] {"--store=jdbc:h2:mem:x", "jobs", "list"}));
    }

    @Test
    void chosen_isNull_forHelpNoCommandOrAnUnknownOne() {
        assertNull(Main.chosen(new String[] {}));
        assertNull(Main.chosen(new String[] {"--help"}));
        assertNull(Main.chosen(new String[] {"help", "plan"}));
        assertNull(Main.chosen(new String[] {"users.csv", "plan"}));
        assertNull(Main.chosen(new String[] {"--", "plan"}));
        assertNull(Main.chosen(new String[] {"--store", "jdbc:h2:mem:x"}));
    }

    private static String[] run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out), new PrintWriter(err));
        return new String[] {Integer.toString(code), out.toString(), err.toString()};
    }

    @Test
    void aChosenCommandsHelp_isTheHelpItHasUnderEveryCommand() {
        for (String name : Main.COMMANDS.keySet()) {
            if (name.equals("help")) {
                continue;
            }
            StringWriter full = new StringWriter();
            CommandLine all = new CommandLine(new Main());
            all.setColorScheme(CommandLine.Help.defaultColorScheme(CommandLine.Help.Ansi.OFF));
            all.getSubcommands().get(name).usage(new PrintWriter(full, true));
            String[] chosen = run(name, "--help");
            assertEquals("0", chosen[0], name);
            assertEquals(full.toString(), chosen[1], name);
        }
    }
}
