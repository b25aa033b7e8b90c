package dev.rollcall.web;

import dev.rollcall.core.Action;
import dev.rollcall.core.PlannedChange;
import dev.rollcall.core.Progress;
import dev.rollcall.core.RowOutcome;
import dev.rollcall.core.UploadPlan;
import dev.rollcall.core.UploadResult;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.IntPredicate;

/**
 * One upload in the console, from planning to its results: the plan, the reviewer's choices
 * (rows left out, new users welcomed) and, once applied, the result. The plan stays where
 * core keeps it (on disk when large): pages read the entries they show, by position, and a
 * filter's matching positions are worked out once and kept.
 */
final class Review implements Progress, AutoCloseable {

    /** Where the upload is. */
    enum State { PLANNING, PLANNED, APPLYING, APPLIED, FAILED }

    final String id;
    final String fileName;
    private volatile State state = State.PLANNING;
    private volatile long done;
    private volatile long total = -1;
    private volatile String failure;
    private volatile long fileSize = -1;
    private volatile String sha256 = "";

    private UploadPlan plan;
    private UploadPlan applied;
    private UploadResult result;
    /** each entry's action, by position: filters by action need no disk reads */
    private byte[] actions;
    private final BitSet excluded = new BitSet();
    private final BitSet welcome = new BitSet();
    private String filterKey;
    private int[] filtered;

    Review(String id, String fileName) {
        this.id = id;
        this.fileName = fileName;
    }

    @Override
    public void update(Stage stage, long done, long total) {
        this.done = done;
        this.total = total;
    }

    /** Records the uploaded file's size and SHA-256 (lower-case hex), for the job history. */
    void received(long bytes, String sha) {
        this.fileSize = bytes;
        this.sha256 = sha;
    }

    /** @return the uploaded file's size in bytes, or -1 when not known */
    long fileSize() {
        return fileSize;
    }

    /** @return the uploaded file's SHA-256, lower-case hex, or empty when not known */
    String sha256() {
        return sha256;
    }

    State state() {
        return state;
    }

    long done() {
        return done;
    }

    long total() {
        return total;
    }

    String failure() {
        return failure;
    }

    synchronized void planned(UploadPlan p) {
        this.plan = p;
        List<PlannedChange> all = p.all();
        actions = new byte[all.size()];
        int i = 0;
        for (PlannedChange c : all) {
            actions[i] = (byte) c.action().ordinal();
            if (c.welcome()) {
                welcome.set(i);
            }
            i++;
        }
        state = State.PLANNED;
    }

    void failed(String message) {
        this.failure = message;
        state = State.FAILED;
    }

    synchronized UploadPlan plan() {
        return plan;
    }

    /** @return the plan as applied (with the reviewer's choices), once applying began */
    synchronized UploadPlan appliedPlan() {
        return applied;
    }

    synchronized UploadResult result() {
        return result;
    }

    synchronized int size() {
        return actions == null ? 0 : actions.length;
    }

    synchronized Action action(int index) {
        return Action.values()[actions[index]];
    }

    synchronized boolean included(int index) {
        return !excluded.get(index);
    }

    synchronized boolean welcomed(int index) {
        return welcome.get(index);
    }

    /** @return how many writing rows stay in */
    synchronized long includedCount() {
        long n = 0;
        for (int i = 0; i < actions.length; i++) {
            if (writes(i) && !excluded.get(i)) {
                n++;
            }
        }
        return n;
    }

    synchronized long welcomedCount() {
        return welcome.cardinality();
    }

    private boolean writes(int i) {
        return Action.values()[actions[i]].writes();
    }

    /**
     * The reviewer's ticks for the rows shown on one page.
     *
     * @param shown    positions of the rows on the page
     * @param included those of them ticked "include"
     * @param welcomed those of them ticked "welcome"
     */
    synchronized void choose(Set<Integer> shown, Set<Integer> included, Set<Integer> welcomed) {
        requirePlanned();
        for (int i : shown) {
            if (i < 0 || i >= actions.length) {
                continue;
            }
            if (writes(i)) {
                excluded.set(i, !included.contains(i));
            }
            welcome.set(i, action(i) == Action.CREATE && welcomed.contains(i) && !excluded.get(i));
        }
    }

    /** Includes or leaves out every writing row. */
    synchronized void includeAll(boolean include) {
        requirePlanned();
        for (int i = 0; i < actions.length; i++) {
            if (writes(i)) {
                excluded.set(i, !include);
            }
        }
        if (!include) {
            welcome.clear();
        }
    }

    /** Welcomes every included new user, or none. */
    synchronized void welcomeAll(boolean send) {
        requirePlanned();
        welcome.clear();
        if (send) {
            for (int i = 0; i < actions.length; i++) {
                if (action(i) == Action.CREATE && !excluded.get(i)) {
                    welcome.set(i);
                }
            }
        }
    }

    private void requirePlanned() {
        if (state != State.PLANNED) {
            throw new IllegalStateException("the plan is " + state.name().toLowerCase(Locale.ROOT) + ", not open for review");
        }
    }

    /**
     * @param action an action to show only, or {@code null}
     * @param query  text a username must contain (any case), or blank
     * @return positions of the matching entries, in order
     */
    synchronized int[] matching(Action action, String query) {
        String q = query == null ? "" : query.strip().toLowerCase(Locale.ROOT);
        String key = (action == null ? "" : action.name()) + "\n" + q;
        if (key.equals(filterKey)) {
            return filtered;
        }
        int[] out;
        if (action == null && q.isEmpty()) {
            out = null;
        } else {
            IntPredicate byAction = action == null ? i -> true : i -> actions[i] == action.ordinal();
            int[] buf = new int[16];
            int n = 0;
            if (q.isEmpty()) {
                for (int i = 0; i < actions.length; i++) {
                    if (byAction.test(i)) {
                        buf = grow(buf, n);
                        buf[n++] = i;
                    }
                }
            } else {
                int i = 0;
                for (PlannedChange c : plan.all()) {
                    if (byAction.test(i) && c.username() != null && c.username().toLowerCase(Locale.ROOT).contains(q)) {
                        buf = grow(buf, n);
                        buf[n++] = i;
                    }
                    i++;
                }
            }
            out = Arrays.copyOf(buf, n);
        }
        filterKey = key;
        filtered = out;
        return out;
    }

    private static int[] grow(int[] buf, int n) {
        return n < buf.length ? buf : Arrays.copyOf(buf, buf.length * 2);
    }

    /**
     * Makes the plan to apply: the chosen rows left out, the chosen new users welcomed.
     *
     * @return it; applying it is up to the caller
     */
    synchronized UploadPlan startApplying() {
        requirePlanned();
        List<PlannedChange> all = plan.all();
        List<Long> lines = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (int i = excluded.nextSetBit(0); i >= 0; i = excluded.nextSetBit(i + 1)) {
            PlannedChange c = all.get(i);
            if (c.hasLine()) {
                lines.add(c.line());
            } else {
                ids.add(c.userId());
            }
        }
        long[] welcomeLines = welcome.stream().mapToLong(i -> all.get(i).line()).sorted().toArray();
        long[] out = lines.stream().mapToLong(Long::longValue).toArray();
        UploadPlan p = plan;
        if (out.length > 0 || !ids.isEmpty()) {
            Arrays.sort(out);
            p = p.exclude(c -> c.hasLine() ? Arrays.binarySearch(out, c.line()) >= 0 : ids.contains(c.userId()));
        }
        p = p.welcome(c -> Arrays.binarySearch(welcomeLines, c.line()) >= 0);
        applied = p;
        done = 0;
        total = p.all().size();
        state = State.APPLYING;
        return p;
    }

    synchronized void appliedWith(UploadResult r) {
        this.result = r;
        state = State.APPLIED;
    }

    /** @return positions of the result's rows to show: all, or the failures only */
    synchronized int[] outcomes(boolean failuresOnly) {
        String key = "result\n" + failuresOnly;
        if (key.equals(filterKey)) {
            return filtered;
        }
        int[] out = null;
        if (failuresOnly) {
            int[] buf = new int[16];
            int n = 0;
            int i = 0;
            for (RowOutcome o : result.rows()) {
                if (failure(o)) {
                    buf = grow(buf, n);
                    buf[n++] = i;
                }
                i++;
            }
            out = Arrays.copyOf(buf, n);
        }
        filterKey = key;
        filtered = out;
        return out;
    }

    /** @return whether a row of the result did not go as planned, or was rejected */
    static boolean failure(RowOutcome o) {
        return o.state() == RowOutcome.State.FAILED || o.state() == RowOutcome.State.NOT_ATTEMPTED
                || o.action() == Action.REJECT;
    }

    @Override
    public synchronized void close() {
        if (plan != null) {
            plan.close();
        }
        if (applied != null && applied != plan) {
            applied.close();
        }
    }
}
