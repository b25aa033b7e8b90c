package dev.rollcall.testkit;

import dev.rollcall.core.Action;
import dev.rollcall.core.FailurePolicy;
import dev.rollcall.core.InMemoryUserRepository;
import dev.rollcall.core.RowOutcome;
import dev.rollcall.core.UploadMode;
import dev.rollcall.core.UploadPlan;
import dev.rollcall.core.UploadResult;
import dev.rollcall.spi.Codes;
import dev.rollcall.spi.PasswordChange;
import dev.rollcall.spi.UserChange;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FaultInjectingRepositoryTest {

    private final InMemoryUserRepository inner = new InMemoryUserRepository();

    private static List<UserChange> create(String username) {
        return List.of(new UserChange.Create(Map.of("username", username), Set.of(), PasswordChange.NONE));
    }

    @Test
    void failWrite_failsOnlyThatCall_beforeAnythingIsWritten() {
        FaultInjectingRepository repo = FaultInjectingRepository.wrap(inner).failWrite(2);
        repo.write(create("a"));
        InjectedFaultException e = assertThrows(InjectedFaultException.class, () -> repo.write(create("b")));
        assertEquals(2, e.call());
        assertFalse(e.written());
        repo.write(create("c"));
        assertEquals(List.of("a", "c"), inner.all().stream().map(u -> u.username()).toList());
        assertEquals(3, repo.writeCalls());
        assertEquals(List.of(2), repo.failedWrites());
    }

    @Test
    void failEveryWrite_failsEveryNthCall() {
        FaultInjectingRepository repo = FaultInjectingRepository.wrap(inner).failEveryWrite(2);
        for (int i = 1; i <= 5; i++) {
            String name = "u" + i;
            if (i % 2 == 0) {
                assertThrows(InjectedFaultException.class, () -> repo.write(create(name)));
            } else {
                repo.write(create(name));
            }
        }
        assertEquals(List.of(2, 4), repo.failedWrites());
        assertEquals(3, inner.size());
    }

    @Test
    void timeoutAfterWrite_appliesTheBatch_thenThrows_theAmbiguousCase() {
        FaultInjectingRepository repo = FaultInjectingRepository.wrap(inner).failWrite(1, Fault.timeoutAfterWrite());
        InjectedTimeoutException e = assertThrows(InjectedTimeoutException.class, () -> repo.write(create("a")));
        assertTrue(e.written());
        assertEquals(1, inner.size(), "the batch was applied before the time-out");
    }

    @Test
    void timeout_beforeTheWrite_writesNothing() {
        FaultInjectingRepository repo = FaultInjectingRepository.wrap(inner).failWrite(1, Fault.timeout());
        assertFalse(assertThrows(InjectedTimeoutException.class, () -> repo.write(create("a"))).written());
        assertEquals(0, inner.size());
    }

    @Test
    void thrown_throwsTheAuthorsException() {
        IllegalStateException mine = new IllegalStateException("pool exhausted");
        FaultInjectingRepository repo = FaultInjectingRepository.wrap(inner).failWrite(1, Fault.thrown(() -> mine));
        assertSame(mine, assertThrows(IllegalStateException.class, () -> repo.write(create("a"))));
        assertEquals(0, inner.size());
    }

    @Test
    void heal_stopsInjecting_andCountingGoesOn() {
        FaultInjectingRepository repo = FaultInjectingRepository.wrap(inner).failEveryWrite(1);
        assertThrows(InjectedFaultException.class, () -> repo.write(create("a")));
        repo.heal().write(create("a"));
        assertEquals(2, repo.writeCalls());
        assertEquals(1, inner.size());
    }

    @Test
    void reads_passThrough_andAreCounted() {
        inner.insert(Map.of("username", "a"));
        FaultInjectingRepository repo = FaultInjectingRepository.wrap(inner).failEveryWrite(1);
        assertEquals(1, repo.findBy("username", List.of("a")).size());
        assertEquals(Set.of(), repo.existingTargets("course", List.of("x")));
        assertEquals(2, repo.readCalls());
        assertEquals(0, repo.writeCalls());
    }

    @Test
    void arguments_areChecked() {
        FaultInjectingRepository repo = FaultInjectingRepository.wrap(inner);
        assertEquals("write calls are numbered from 1: 0",
                assertThrows(IllegalArgumentException.class, () -> repo.failWrite(0)).getMessage());
        assertEquals("the period must be at least 1: 0",
                assertThrows(IllegalArgumentException.class, () -> repo.failEveryWrite(0)).getMessage());
        assertEquals("delegate must not be null",
                assertThrows(NullPointerException.class, () -> FaultInjectingRepository.wrap(null)).getMessage());
        assertEquals("fault must not be null",
                assertThrows(NullPointerException.class, () -> repo.failWrite(1, null)).getMessage());
    }

    /** The promise, once by hand: a failed write is reported failed, the rest go ahead, a re-run finishes the job. */
    @Test
    void apply_reportsTheInjectedFailure_andARerunDoesTheRest() {
        String csv = "username,email,firstName,lastName\nu1,u1@x.com,U,One\nu2,u2@x.com,U,Two\nu3,u3@x.com,U,Three\n";
        FaultInjectingRepository repo = FaultInjectingRepository.wrap(inner).failWrite(2);
        UploadResult result = UploadPlan.builder().repository(repo).batchSize(1).failurePolicy(FailurePolicy.stopAfter(1))
                .build().plan(new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)), "upload.csv").apply();
        assertEquals(List.of(RowOutcome.State.APPLIED, RowOutcome.State.FAILED, RowOutcome.State.NOT_ATTEMPTED),
                result.rows().stream().map(RowOutcome::state).toList());
        assertEquals(Codes.WRITE_FAILED, result.atLine(3).orElseThrow().messages().get(0).code());
        UploadPlan rerun = UploadPlan.builder().repository(inner).mode(UploadMode.ADD_NEW).build()
                .plan(new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)), "upload.csv");
        assertEquals(List.of(Action.SKIP, Action.CREATE, Action.CREATE), rerun.all().stream().map(c -> c.action()).toList());
        assertTrue(rerun.apply().isComplete());
        assertEquals(3, inner.size());
    }
}
