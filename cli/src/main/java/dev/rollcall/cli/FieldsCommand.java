package dev.rollcall.cli;

import dev.rollcall.jdbc.JdbcUserRepository;
import dev.rollcall.spi.FieldDefinition;
import dev.rollcall.spi.FieldType;
import dev.rollcall.spi.ProfileType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** {@code rollcall fields add|list|remove}: the store's custom fields. */
@Command(name = "fields", mixinStandardHelpOptions = true, description = "Manage the store's custom fields.",
        subcommands = {FieldsCommand.Add.class, FieldsCommand.ListFields.class, FieldsCommand.Remove.class})
final class FieldsCommand {

    @Command(name = "add", mixinStandardHelpOptions = true, description = "Add a custom field, e.g. fields add costCenter --type text")
    static final class Add implements Runnable {
        @Spec
        CommandSpec spec;
        @Parameters(index = "0", paramLabel = "NAME",
                description = "the field's name, which is also its column header (costCenter, say)")
        String name;
        @Option(names = "--type", paramLabel = "TYPE", defaultValue = "text",
                description = "text (default), email, date, decimal, integer, boolean, enumeration, phone, country or identifier")
        String type;
        @Option(names = "--alias", paramLabel = "HEADER", description = "another header name for the field; repeatable")
        List<String> aliases = new ArrayList<>();
        @Option(names = "--values", split = ",", paramLabel = "VALUE", description = "allowed values (makes an enumeration)")
        List<String> values = new ArrayList<>();
        @Option(names = "--required", split = ",", paramLabel = "PROFILE", description = "required to create: individual, facility")
        List<String> required = new ArrayList<>();
        @Option(names = "--unique", description = "no two users share a value")
        boolean unique;
        @Option(names = "--unique-within-site", description = "no two users of one site share a value; users of "
                + "different sites may (a multi-site system's key, seed 003)")
        boolean uniqueWithinSite;
        @Option(names = "--sensitive", description = "values are secret: never shown, logged or exported")
        boolean sensitive;
        @Option(names = "--not-updatable", description = "uploads may set it on new users only")
        boolean notUpdatable;
        @Option(names = "--max-length", paramLabel = "N", defaultValue = "0",
                description = "the longest value allowed, in characters (default: no limit)")
        int maxLength;
        @Option(names = "--fixed-length", paramLabel = "N", defaultValue = "0",
                description = "every value has exactly N characters (an id with leading zeros); a shorter number is taken for Excel damage")
        int fixedLength;
        @Option(names = "--set", paramLabel = "SET", description = "a field set given all together or not at all")
        String fieldSet;
        @Option(names = "--references", paramLabel = "KIND", description = "each value must name a target of this kind")
        String references;
        @Option(names = "--description", paramLabel = "TEXT",
                description = "what the field holds, for the template's instructions")
        String description;
        @Option(names = "--example", paramLabel = "VALUE", description = "an example value, for the template's example row")
        String example;

        @Override
        public void run() {
            FieldDefinition.Builder b = FieldDefinition.builder(name).custom(true)
                    .type(FieldType.valueOf(type.toUpperCase(Locale.ROOT)))
                    .unique(unique).uniqueWithinSite(uniqueWithinSite).sensitive(sensitive).updatable(!notUpdatable)
                    .maxLength(maxLength).fixedLength(fixedLength)
                    .fieldSet(fieldSet).references(references).description(description).example(example);
            aliases.forEach(b::alias);
            if (!values.isEmpty()) {
                b.allowedValues(values.toArray(String[]::new));
            }
            for (String r : required) {
                b.requiredFor(ProfileType.parse(r).orElseThrow(() ->
                        new IllegalArgumentException("--required: individual or facility, not '" + r + "'")));
            }
            try (JdbcUserRepository repository = StoreOption.open(spec)) {
                repository.addCustomField(b.build());
                spec.commandLine().getOut().println("field " + name + " added");
            }
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List every field, custom fields marked.")
    static final class ListFields implements Runnable {
        @Spec
        CommandSpec spec;

        @Override
        public void run() {
            try (JdbcUserRepository repository = StoreOption.open(spec)) {
                for (FieldDefinition f : repository.schema().fields()) {
                    spec.commandLine().getOut().println(f.name() + "\t" + f.type().name().toLowerCase(Locale.ROOT)
                            + (f.custom() ? "\tcustom" : "")
                            + (f.uniqueWithinSite() ? "\tunique within a site" : f.unique() ? "\tunique" : "")
                            + (f.sensitive() ? "\tsensitive" : ""));
                }
            }
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Remove a custom field and its values.")
    static final class Remove implements Runnable {
        @Spec
        CommandSpec spec;
        @Parameters(index = "0", paramLabel = "NAME", description = "the custom field to remove")
        String name;

        @Override
        public void run() {
            try (JdbcUserRepository repository = StoreOption.open(spec)) {
                boolean removed = repository.removeCustomField(name);
                spec.commandLine().getOut().println(removed ? "field " + name + " removed" : "no custom field " + name);
            }
        }
    }
}
