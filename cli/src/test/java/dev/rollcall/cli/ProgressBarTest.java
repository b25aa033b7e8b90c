package dev.rollcall.cli;

import dev.rollcall.core.Progress.Stage;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProgressBarTest {

    @Test
    void planning_showsTheShareOfTheFileRead_applying_theShareOfThePlan_thenClears() throws IOException {
        StringWriter text = new StringWriter();
        ProgressBar bar = new ProgressBar(new PrintWriter(text), true, 200);
        try (InputStream in = bar.counting(new ByteArrayInputStream(new byte[200]))) {
            in.readNBytes(50);
            bar.update(Stage.PLANNING, 1_000, -1);
            in.readNBytes(150);
            bar.update(Stage.PLANNING, 4_000, -1);
        }
        bar.update(Stage.APPLYING, 1_000, 4_000);
        bar.update(Stage.APPLYING, 1_000, 4_000);   // unchanged: not drawn again
        bar.update(Stage.APPLYING, 4_000, 4_000);
        bar.done();

        String[] frames = text.toString().split("\r", -1);
        assertEquals("[########----------------------]  25%  1,000 rows planned", frames[1]);
        assertEquals("[##############################] 100%  4,000 rows planned", frames[2]);
        assertEquals("[########----------------------]  25%  1,000 of 4,000 rows applied", frames[3].strip());
        assertEquals("[##############################] 100%  4,000 of 4,000 rows applied", frames[4].strip());
        assertTrue(frames[5].isBlank(), "done() wipes the bar");
        assertEquals("", frames[6], "and leaves the cursor at the start of the line");
        assertEquals(7, frames.length);
    }

    @Test
    void withoutATerminal_nothingIsWritten() {
        StringWriter text = new StringWriter();
        ProgressBar bar = new ProgressBar(new PrintWriter(text), false, 200);
        bar.update(Stage.PLANNING, 1_000, -1);
        bar.update(Stage.APPLYING, 1, 2);
        bar.done();
        assertEquals("", text.toString());
    }
}
