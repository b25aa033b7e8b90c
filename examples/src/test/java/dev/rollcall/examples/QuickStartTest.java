package dev.rollcall.examples;

import dev.rollcall.core.Action;
import dev.rollcall.core.UploadPlan;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class QuickStartTest {

    @Test
    void quickStart_plansAppliesAndLeavesNothingToChange() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        UploadPlan again = QuickStart.run(new PrintStream(out, true, StandardCharsets.UTF_8));
        String printed = out.toString(StandardCharsets.UTF_8);

        assertTrue(printed.contains("Plan for upload.csv (add-update): 8 rows, 2 created, 1 updated, 1 activated, "
                + "1 deactivated, 2 unchanged, 1 rejected"), printed);
        assertTrue(printed.contains("lastName: Smith -> Smith-Jones, department: Sales -> Marketing"), printed);
        assertTrue(printed.contains("MISSING_REQUIRED"), printed);
        assertTrue(printed.contains("Nothing left to change."), printed);
        assertFalse(again.hasChanges());
        assertEquals(7, again.byAction(Action.UNCHANGED).size());
    }
}
