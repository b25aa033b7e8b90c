package dev.rollcall.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.MissingResourceException;
import java.util.Properties;
import java.util.ResourceBundle;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The console's labels and messages: the bundle {@code dev/rollcall/web/messages*.properties}
 * (UTF-8; English shipped) in the request's language, most specific first, and before it a
 * host's {@link ResourceBundle}, whose keys win.
 */
final class Text {

    private static final Map<String, Properties> OWN = new ConcurrentHashMap<>();
    private static final Properties NONE = new Properties();

    private final ResourceBundle host;
    private final List<Properties> own;
    private final Locale locale;

    private Text(ResourceBundle host, List<Properties> own, Locale locale) {
        this.host = host;
        this.own = own;
        this.locale = locale;
    }

    /**
     * @param locale   the reader's language
     * @param hostBase a host's bundle, or {@code null}
     */
    static Text of(Locale locale, String hostBase) {
        List<Properties> own = new ArrayList<>();
        if (!locale.getCountry().isEmpty()) {
            own.add(load("messages_" + locale.getLanguage() + "_" + locale.getCountry() + ".properties"));
        }
        if (!locale.getLanguage().isEmpty()) {
            own.add(load("messages_" + locale.getLanguage() + ".properties"));
        }
        own.add(load("messages.properties"));
        ResourceBundle host = null;
        if (hostBase != null) {
            try {
                host = ResourceBundle.getBundle(hostBase, locale, Thread.currentThread().getContextClassLoader());
            } catch (MissingResourceException e) {
                host = null;
            }
        }
        return new Text(host, own, locale);
    }

    private static Properties load(String name) {
        return OWN.computeIfAbsent(name, n -> {
            try (InputStream in = Text.class.getResourceAsStream(n)) {
                if (in == null) {
                    return NONE;
                }
                Properties p = new Properties();
                p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
                return p;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /**
     * @param key  a key of the bundle
     * @param args values for its {@code {0}}, {@code {1}}, … (then it is a {@link MessageFormat} pattern)
     * @throws MissingResourceException when no bundle has the key
     */
    String get(String key, Object... args) {
        String pattern = find(key);
        if (pattern == null) {
            throw new MissingResourceException("no text for " + key, "messages", key);
        }
        return args.length == 0 ? pattern : new MessageFormat(pattern, locale).format(args);
    }

    /** @return the text for the key, or {@code null} when no bundle has it */
    String find(String key) {
        if (host != null && host.containsKey(key)) {
            return host.getString(key);
        }
        for (Properties p : own) {
            String v = p.getProperty(key);
            if (v != null) {
                return v;
            }
        }
        return null;
    }
}
