package dev.rollcall.web;

import jakarta.servlet.http.HttpSession;
import jakarta.servlet.http.HttpSessionBindingEvent;
import jakarta.servlet.http.HttpSessionBindingListener;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One session's uploads, newest last. A session keeps a few; the oldest is closed (its plan's
 * temporary file deleted) when more come, and all of them when the session ends.
 */
final class Workspace implements HttpSessionBindingListener {

    static final int KEEP = 5;
    private static final String ATTRIBUTE = "dev.rollcall.web.workspace";

    private final Map<String, Review> reviews = new LinkedHashMap<>();

    static Workspace of(HttpSession session) {
        synchronized (session) {
            Workspace w = (Workspace) session.getAttribute(ATTRIBUTE);
            if (w == null) {
                w = new Workspace();
                session.setAttribute(ATTRIBUTE, w);
            }
            return w;
        }
    }

    synchronized void add(Review review) {
        reviews.put(review.id, review);
        var it = reviews.values().iterator();
        while (reviews.size() > KEEP) {
            Review oldest = it.next();
            if (oldest.state() == Review.State.PLANNING || oldest.state() == Review.State.APPLYING) {
                break;
            }
            it.remove();
            oldest.close();
        }
    }

    synchronized Optional<Review> find(String id) {
        return Optional.ofNullable(reviews.get(id));
    }

    synchronized void remove(String id) {
        Review r = reviews.remove(id);
        if (r != null) {
            r.close();
        }
    }

    @Override
    public synchronized void valueUnbound(HttpSessionBindingEvent event) {
        reviews.values().forEach(Review::close);
        reviews.clear();
    }
}
