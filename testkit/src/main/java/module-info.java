/**
 * Rollcall's test kit, a test library for hosts and adapter authors (add it in test scope):
 * <ul>
 *   <li>{@link dev.rollcall.testkit.UserRepositoryContract}: an abstract JUnit Jupiter test
 *       class that checks every promise of the {@link dev.rollcall.spi.UserRepository} SPI
 *       against an adapter; extend it and implement one factory method.</li>
 *   <li>{@link dev.rollcall.testkit.RollcallArbitraries}: jqwik arbitraries for realistic
 *       users, field schemas and upload files (CSV with quoting, BOMs, CRLF, blank and
 *       {@code ""} cells, Excel damage).</li>
 *   <li>{@link dev.rollcall.testkit.PlannerLaws}: the planner's laws as jqwik properties to
 *       run against your own repository and planner options.</li>
 *   <li>{@link dev.rollcall.testkit.FaultInjectingRepository}: a repository wrapper that fails
 *       chosen writes, to test what {@code apply} does when storage fails.</li>
 * </ul>
 * JUnit Jupiter's API and jqwik are required transitively: the public classes are tests.
 * The package is open, so test engines can call the inherited test methods reflectively.
 */
open module dev.rollcall.testkit {
    requires transitive dev.rollcall.spi;
    requires transitive dev.rollcall.core;
    requires dev.rollcall.csv;
    requires transitive org.junit.jupiter.api;
    requires transitive net.jqwik.api;

    exports dev.rollcall.testkit;
}
