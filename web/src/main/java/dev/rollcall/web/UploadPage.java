package dev.rollcall.web;

import dev.rollcall.core.EmptyValues;
import dev.rollcall.core.ForcePasswordChange;
import dev.rollcall.core.UpdateType;
import dev.rollcall.core.UploadMode;
import dev.rollcall.core.UploadPlan;
import dev.rollcall.core.UploadPlanner;
import dev.rollcall.spi.FieldDefinition;
import dev.rollcall.spi.RollcallException;
import dev.rollcall.spi.StandardFields;
import dev.rollcall.spi.StoreFeatures;
import dev.rollcall.spi.UserStatus;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.Part;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * The Upload page: the file and the settings its plan takes. Posting it stores the file,
 * plans it in the background and sends the browser to the review.
 */
final class UploadPage {

    private static final Logger LOG = LoggerFactory.getLogger(UploadPage.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private UploadPage() {
    }

    static void get(Exchange x, String problem) {
        Html h = x.page(x.text.get("upload.title"));
        if (problem != null) {
            h.el("p", problem, "class", "notice error", "role", "alert");
        }
        h.el("p", x.text.get("upload.intro", x.console.maxUploadBytes() >> 20));
        x.form(x.url(), "enctype", "multipart/form-data", "class", "settings");
        h.open("fieldset").el("legend", x.text.get("upload.file"));
        h.open("label").text(x.text.get("upload.file.label"))
                .empty("input", "type", "file", "name", "file", "id", "file", "required", "",
                        "accept", ".csv,.xml,.txt,.pgp,.gpg,.asc")
                .close("label");
        h.close("fieldset");

        h.open("fieldset").el("legend", x.text.get("upload.matching"));
        select(x, "mode", "add-new", "add-new", "add-update", "update-only", "add-all");
        select(x, "match", StandardFields.USERNAME, matchKeys(x).toArray(String[]::new));
        checkbox(x, "fallback", false);
        select(x, "empty", "ignore", "ignore", "erase");
        select(x, "updateType", "file", "file", "file-and-defaults", "fill-missing");
        h.open("label").text(x.text.get("field.site"))
                .empty("input", "type", "text", "name", "site", "value", x.param("site"), "placeholder", "Canada/Ontario")
                .close("label");
        StoreFeatures features = x.console.repository().features();
        if (features.status()) {   // a store without statuses refuses an explicit one, and full uploads
            select(x, "newStatus", "inactive", "inactive", "active");
        }
        checkbox(x, "allowRenames", false);
        checkbox(x, "allowDeletes", false);
        h.close("fieldset");

        if (features.passwords()) {
            h.open("fieldset").el("legend", x.text.get("upload.passwords"));
            checkbox(x, "updatePasswords", false);
            select(x, "forceChange", "none", "none", "weak", "all");
            h.close("fieldset");
        }

        if (features.status()) {
            h.open("fieldset").el("legend", x.text.get("upload.full"));
            h.el("p", x.text.get("upload.full.intro"), "class", "hint");
            checkbox(x, "full", false);
            h.open("label").text(x.text.get("field.maxDeactivation"))
                    .empty("input", "type", "number", "name", "maxDeactivation", "min", "0", "max", "100", "step", "any",
                            "value", x.param("maxDeactivation").isEmpty() ? "10" : x.param("maxDeactivation"))
                    .close("label");
            checkbox(x, "allowMass", false);
            h.close("fieldset");
        }

        h.el("button", x.text.get("upload.submit"), "type", "submit", "id", "plan");
        h.close("form");
        x.end();
    }

    /** The match keys: username, email and the schema's unique fields. */
    private static List<String> matchKeys(Exchange x) {
        List<String> keys = new ArrayList<>(List.of(StandardFields.USERNAME, StandardFields.EMAIL));
        for (FieldDefinition f : x.console.repository().schema().fields()) {
            if (f.unique() && !keys.contains(f.name())) {
                keys.add(f.name());
            }
        }
        return keys;
    }

    private static void select(Exchange x, String name, String fallback, String... values) {
        String chosen = x.param(name).isEmpty() ? fallback : x.param(name);
        Html h = x.html();
        h.open("label").text(x.text.get("field." + name)).open("select", "name", name);
        for (String v : values) {
            String label = x.text.find("option." + name + "." + v);
            h.el("option", label == null ? v : label, "value", v, "selected", v.equals(chosen) ? "" : null);
        }
        h.close("select").close("label");
    }

    private static void checkbox(Exchange x, String name, boolean fallback) {
        boolean on = x.request.getParameter("csrf") != null ? x.flag(name) : fallback;
        x.html().open("label", "class", "check")
                .empty("input", "type", "checkbox", "name", name, "value", "on", "checked", on ? "" : null)
                .text(x.text.get("field." + name)).close("label");
    }

    static void post(Exchange x) throws IOException {
        Part part;
        try {
            part = x.request.getPart("file");
        } catch (ServletException e) {
            part = null;
        }
        if (part == null || part.getSubmittedFileName() == null || part.getSubmittedFileName().isBlank()) {
            x.response.setStatus(400);
            get(x, x.text.get("upload.noFile"));
            return;
        }
        if (part.getSize() > x.console.maxUploadBytes()) {
            part.delete();
            x.message(413, x.text.get("upload.tooLarge.title"), x.text.get("upload.tooLarge", x.console.maxUploadBytes() >> 20));
            return;
        }
        String name = fileName(part.getSubmittedFileName());
        String id = HexFormat.of().formatHex(randomBytes());
        Review review = new Review(id, name);
        UploadPlanner planner;
        try {
            planner = planner(x, review);
        } catch (IllegalArgumentException | IllegalStateException | RollcallException e) {
            part.delete();
            x.response.setStatus(400);
            get(x, x.text.get("upload.badSettings", e.getMessage()));
            return;
        }
        Path file = x.console.workDirectory() == null ? Files.createTempFile("rollcall-upload-", ".part")
                : Files.createTempFile(x.console.workDirectory(), "rollcall-upload-", ".part");
        try (java.security.DigestInputStream in = new java.security.DigestInputStream(part.getInputStream(),
                java.security.MessageDigest.getInstance("SHA-256"))) {
            long size = Files.copy(in, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            review.received(size, HexFormat.of().formatHex(in.getMessageDigest().digest()));
        } catch (java.security.NoSuchAlgorithmException e) {
            Files.deleteIfExists(file);
            throw new IllegalStateException("SHA-256 is missing from this Java", e);
        } catch (IOException e) {
            Files.deleteIfExists(file);
            throw new UncheckedIOException(e);
        } finally {
            part.delete();
        }
        x.workspace().add(review);
        x.console.executor().execute(() -> plan(planner, review, file));
        x.redirect(x.url("review", id));
    }

    private static byte[] randomBytes() {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        return b;
    }

    private static void plan(UploadPlanner planner, Review review, Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            UploadPlan plan = planner.plan(in, review.fileName);
            review.planned(plan);
        } catch (RuntimeException | IOException e) {
            LOG.warn("planning {} failed", review.fileName, e);
            review.failed(e instanceof RollcallException r ? r.getMessage() : e.getClass().getSimpleName());
        } finally {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                LOG.warn("could not delete the upload {}", file, e);
            }
        }
    }

    /** @return the file's own name, without any folder a browser sent */
    static String fileName(String submitted) {
        String n = submitted.replace('\\', '/');
        n = n.substring(n.lastIndexOf('/') + 1).strip();
        return n.isEmpty() ? "upload" : n;
    }

    /** A planner with the host's settings, then the form's. */
    private static UploadPlanner planner(Exchange x, Review review) {
        UploadPlanner.Builder b = UploadPlan.builder().repository(x.console.repository());
        x.console.planner().accept(b);
        b.mode(UploadMode.parse(x.param("mode").isEmpty() ? "add-new" : x.param("mode")));
        if (!x.param("match").isEmpty()) {
            b.matchOn(x.param("match"));
        }
        b.fallbackToUsername(x.flag("fallback"));
        b.emptyValues("erase".equals(x.param("empty")) ? EmptyValues.ERASE : EmptyValues.IGNORE);
        if (!x.param("updateType").isEmpty()) {
            b.updateType(UpdateType.parse(x.param("updateType")));
        }
        if (!x.param("site").isEmpty()) {
            b.site(x.param("site"));
        }
        if (!x.param("newStatus").isEmpty()) {
            b.newUserStatus(UserStatus.parse(x.param("newStatus")).orElseThrow(() ->
                    new IllegalArgumentException("new user status: " + x.param("newStatus"))));
        }
        b.allowRenames(x.flag("allowRenames"));
        b.allowDeletes(x.flag("allowDeletes"));
        b.updatePasswords(x.flag("updatePasswords"));
        if (!x.param("forceChange").isEmpty()) {
            b.forcePasswordChange(ForcePasswordChange.parse(x.param("forceChange").toLowerCase(Locale.ROOT)));
        }
        b.fullUpload(x.flag("full"));
        if (!x.param("maxDeactivation").isEmpty()) {
            try {
                b.maxDeactivationPercent(Double.parseDouble(x.param("maxDeactivation")));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(x.text.get("field.maxDeactivation") + ": " + x.param("maxDeactivation"));
            }
        }
        b.allowMassDeactivation(x.flag("allowMass"));
        b.progress(review);
        return b.build();
    }
}
