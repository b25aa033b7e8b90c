package dev.rollcall.examples;

import dev.rollcall.core.InMemoryUserRepository;
import dev.rollcall.core.PlanTable;
import dev.rollcall.core.UploadMode;
import dev.rollcall.core.UploadPlan;
import dev.rollcall.core.UploadPlanner;
import dev.rollcall.core.UploadResult;

import java.io.PrintStream;

/**
 * The quick start: plan an upload against six existing users, review it, apply it, and
 * plan the same file again to see that nothing is left to change.
 *
 * <p>Run it from the repository root with the README's first command.
 */
public final class QuickStart {

    private QuickStart() {
    }

    /** @param args ignored */
    public static void main(String[] args) {
        run(System.out);
    }

    /**
     * @param out where to print
     * @return the re-plan of the same file after applying it
     */
    public static UploadPlan run(PrintStream out) {
        InMemoryUserRepository repository = new InMemoryUserRepository();
        ExampleData.load(repository, ExampleData.file("existing-users.csv"));
        out.println("Loaded " + repository.size() + " existing users.");
        out.println();

        UploadPlanner planner = UploadPlan.builder()
                .repository(repository)
                .mode(UploadMode.ADD_UPDATE)
                .build();

        UploadPlan plan = planner.plan(ExampleData.file("upload.csv"));
        out.println(PlanTable.render(plan));

        UploadResult result = plan.apply();
        out.println(PlanTable.render(result));

        UploadPlan again = planner.plan(ExampleData.file("upload.csv"));
        out.println("Planning the same file again:");
        out.println(PlanTable.render(again));
        out.println(again.hasChanges() ? "Something is left to change!" : "Nothing left to change.");
        return again;
    }
}
