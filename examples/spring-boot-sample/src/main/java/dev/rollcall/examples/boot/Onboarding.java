package dev.rollcall.examples.boot;

import dev.rollcall.core.UploadPlan;
import dev.rollcall.core.UploadPlanner;
import java.nio.file.Path;
import org.springframework.stereotype.Service;

/**
 * The application's own service: plans an HR file with the auto-configured planner, so that
 * someone can review the plan before it is applied.
 */
@Service
public class Onboarding {

    private final UploadPlanner planner;

    /** @param planner the planner the starter configured from {@code rollcall.*} */
    public Onboarding(UploadPlanner planner) {
        this.planner = planner;
    }

    /**
     * @param file an upload file (CSV or XML)
     * @return its plan, nothing written yet
     */
    public UploadPlan preview(Path file) {
        return planner.plan(file);
    }
}
