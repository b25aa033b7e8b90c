package dev.rollcall.xlsx.internal;

import java.util.ArrayDeque;
import java.util.Deque;

/** Part names inside a workbook's package. Stateless. */
public final class Paths {

    private Paths() {
    }

    /**
     * @param dir    the folder of the part that names the target, ending with {@code /} (or empty)
     * @param target a relationship's target
     * @return a part name: {@code target} against {@code dir}, or from the root when it starts with {@code /}
     */
    public static String resolve(String dir, String target) {
        String path = target.startsWith("/") ? target.substring(1) : dir + target;
        Deque<String> segments = new ArrayDeque<>();
        for (String s : path.split("/")) {
            if (s.equals("..")) {
                segments.pollLast();
            } else if (!s.isEmpty() && !s.equals(".")) {
                segments.addLast(s);
            }
        }
        return String.join("/", segments);
    }
}
