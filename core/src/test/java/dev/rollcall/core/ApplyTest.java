package dev.rollcall.core;

import dev.rollcall.spi.Codes;
import dev.rollcall.spi.FieldSchema;
import dev.rollcall.spi.Notifier;
import dev.rollcall.spi.UploadCompletion;
import dev.rollcall.spi.UserChange;
import dev.rollcall.spi.UserQuery;
import dev.rollcall.spi.UserRecord;
import dev.rollcall.spi.UserRepository;
import dev.rollcall.spi.WelcomeMessage;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static dev.rollcall.core.TestUploads.plan;
import static dev.rollcall.core.TestUploads.store;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.Mockito.atLeast;
import static org.mockito.Mockito.spy;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

class ApplyTest {

    /** Fails every write batch that touches the given username, like a database constraint would. */
    static final class RefusingRepository implements UserRepository {
        final InMemoryUserRepository inner;
        final String refused;
        int writeCalls;

        RefusingRepository(InMemoryUserRepository inner, String refused) {
            this.inner = inner;
            this.refused = refused;
        }

        @Override
        public FieldSchema schema() {
            return inner.schema();
        }

        @Override
        public Map<String, List<UserRecord>> findBy(String field, Collection<String> keys) {
            return inner.findBy(field, keys);
        }

        @Override
        public Map<String, UserRecord> findByIds(Collection<String> ids) {
            return inner.findByIds(ids);
        }

        @Override
        public Stream<UserRecord> list(UserQuery query) {
            return inner.list(query);
        }

        @Override
        public Set<String> existingTargets(String kind, Collection<String> names) {
            return inner.existingTargets(kind, names);
        }

        @Override
        public Map<String, Set<String>> findDelegates(Collection<String> userIds) {
            return inner.findDelegates(userIds);
        }

        @Override
        public List<String> write(List<UserChange> changes) {
            writeCalls++;
            for (UserChange c : changes) {
                if (c instanceof UserChange.Create create && refused.equals(create.username())) {
                    throw new IllegalStateException("constraint violated by " + refused + "@secret-value");
                }
            }
            return inner.write(changes);
        }
    }

    private static final String UPLOAD = """
            username,email,firstName,lastName
            u1,u1@example.com,U,One
            u2,u2@example.com,U,Two
            u3,u3@example.com,U,Three
            u4,u4@example.com,U,Four
            """;

    @Test
    void failedWrite_isReportedForItsRowOnly_andTheOthersGoAhead() {
        InMemoryUserRepository inner = new InMemoryUserRepository();
        RefusingRepository repo = new RefusingRepository(inner, "u3");
        UploadResult result = plan(UploadPlan.builder().repository(repo).batchSize(10).build(), UPLOAD).apply();

        assertEquals(3, result.summary().created());
        assertEquals(1, result.summary().failed());
        assertEquals(3, inner.size());
        RowOutcome failed = result.atLine(4).orElseThrow();
        assertEquals(RowOutcome.State.FAILED, failed.state());
        assertEquals(Codes.WRITE_FAILED, failed.messages().get(failed.messages().size() - 1).code());
        assertTrue(failed.messages().stream().noneMatch(m -> m.message().contains("secret-value")),
                "a host exception's message may quote values and is not shown");
        assertEquals(RowOutcome.State.APPLIED, result.atLine(5).orElseThrow().state());
        assertEquals(List.of(result.atLine(4).orElseThrow()), result.failures());
        // one failed batch of four, then four single retries
        assertEquals(5, repo.writeCalls);
    }

    @Test
    void staleUser_isReportedWithItsCode() {
        InMemoryUserRepository repo = store("username,department\njdoe,Ops\n");
        UploadPlan plan = plan(UploadPlan.builder().repository(repo).mode(UploadMode.ADD_UPDATE).build(),
                "username,department\njdoe,Legal\n");
        UserRecord jdoe = repo.byUsername("jdoe").orElseThrow();
        repo.write(List.of(new UserChange.Update(jdoe.id(), jdoe.version(), Map.of("city", "Paris"), Set.of(), Set.of(),
                Set.of(), dev.rollcall.spi.PasswordChange.NONE)));

        UploadResult result = plan.apply();
        RowOutcome o = result.atLine(2).orElseThrow();
        assertEquals(RowOutcome.State.FAILED, o.state());
        assertEquals(Codes.STALE_USER, o.messages().get(0).code());
        assertEquals("Ops", repo.byUsername("jdoe").orElseThrow().field("department").orElseThrow());
    }

    @Test
    void writes_areBatched() {
        InMemoryUserRepository repo = spy(new InMemoryUserRepository());
        StringBuilder csv = new StringBuilder("username,email,firstName,lastName\n");
        for (int i = 0; i < 25; i++) {
            csv.append("u").append(i).append(",u").append(i).append("@example.com,U,N\n");
        }
        plan(UploadPlan.builder().repository(repo).batchSize(10).build(), csv.toString()).apply();
        verify(repo, times(3)).write(anyList());
        verify(repo, times(3)).findBy(org.mockito.ArgumentMatchers.eq("username"), org.mockito.ArgumentMatchers.anyCollection());
    }

    @Test
    void welcomeMessages_goOnlyToChosenNewUsers_afterTheyExist() {
        InMemoryUserRepository repo = new InMemoryUserRepository();
        List<WelcomeMessage> sent = new ArrayList<>();
        Notifier notifier = new Notifier() {
            @Override
            public void welcome(WelcomeMessage message) {
                assertTrue(repo.byUsername(message.username()).isPresent(), "the user exists when welcomed");
                sent.add(message);
            }
        };
        UploadPlan plan = plan(UploadPlan.builder().repository(repo).notifier(notifier).build(), UPLOAD);
        plan.apply();
        assertTrue(sent.isEmpty(), "no welcome messages by default");

        InMemoryUserRepository repo2 = new InMemoryUserRepository();
        List<WelcomeMessage> sent2 = new ArrayList<>();
        UploadPlan plan2 = plan(UploadPlan.builder().repository(repo2).notifier(new Notifier() {
            @Override
            public void welcome(WelcomeMessage message) {
                sent2.add(message);
            }
        }).build(), UPLOAD);
        plan2.welcome(c -> c.username().equals("u2") || c.username().equals("u4")).apply();
        assertEquals(List.of("u2", "u4"), sent2.stream().map(WelcomeMessage::username).sorted().toList());
        assertTrue(sent2.get(0).passwordGenerated());
    }

    @Test
    void throwingNotifier_isRecorded_andNeverAbortsApply() {
        InMemoryUserRepository repo = new InMemoryUserRepository();
        Notifier broken = new Notifier() {
            @Override
            public void welcome(WelcomeMessage message) {
                throw new IllegalStateException("mail server down");
            }

            @Override
            public void uploadCompleted(UploadCompletion completion) {
                throw new IllegalStateException("mail server down");
            }
        };
        UploadResult result = plan(UploadPlan.builder().repository(repo).notifier(broken).build(), UPLOAD)
                .welcomeAll().apply();
        assertEquals(4, result.summary().created());
        assertEquals(4, repo.size());
        assertEquals(Codes.NOTIFIER_FAILED, result.problems().get(0).code());
        assertTrue(result.atLine(2).orElseThrow().messages().stream().anyMatch(m -> m.code().equals(Codes.NOTIFIER_FAILED)));
    }

    @Test
    void completion_isNotifiedWithTheAppliedCounts() {
        InMemoryUserRepository repo = spy(new InMemoryUserRepository());
        List<UploadCompletion> done = new ArrayList<>();
        plan(UploadPlan.builder().repository(repo).notifier(new Notifier() {
            @Override
            public void uploadCompleted(UploadCompletion completion) {
                done.add(completion);
            }
        }).build(), UPLOAD).apply();
        assertEquals(1, done.size());
        assertEquals(4, done.get(0).summary().created());
        assertEquals("upload.csv", done.get(0).source());
        verify(repo, atLeast(1)).write(anyList());
    }

    @Test
    void stopAfterOneFailure_reportsTheRestNotAttempted_andARerunDoesExactlyThem() {
        InMemoryUserRepository inner = new InMemoryUserRepository();
        RefusingRepository repo = new RefusingRepository(inner, "u2");
        UploadPlan plan = plan(UploadPlan.builder().repository(repo).batchSize(2)
                .failurePolicy(FailurePolicy.stopAfter(1)).build(), UPLOAD);
        UploadResult result = plan.apply();
        assertEquals(List.of(RowOutcome.State.APPLIED, RowOutcome.State.FAILED, RowOutcome.State.NOT_ATTEMPTED,
                RowOutcome.State.NOT_ATTEMPTED), result.rows().stream().map(RowOutcome::state).toList());
        assertEquals(1, result.summary().created());
        assertEquals(1, result.summary().failed());
        assertEquals(2, result.summary().notAttempted());
        assertEquals(Codes.NOT_ATTEMPTED, result.atLine(4).orElseThrow().messages().get(0).code());
        assertEquals(1, inner.size(), "nothing is reported applied that was not, and nothing more was written");

        UploadPlan rerun = plan(UploadPlan.builder().repository(inner).build(), UPLOAD);
        assertEquals(List.of(Action.SKIP, Action.CREATE, Action.CREATE, Action.CREATE),
                rerun.all().stream().map(PlannedChange::action).toList(), "exactly the work that did not happen");
        rerun.apply();
        assertEquals(4, inner.size());
    }

    @Test
    void failurePolicy_rules() {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> FailurePolicy.stopAfter(0));
        assertEquals("stopAfter needs at least 1 failure: 0", e.getMessage());
        assertTrue(FailurePolicy.stopAfter(2).stops(2));
        assertTrue(!FailurePolicy.continueOnFailure().stops(1_000_000));
    }

    @Test
    void progress_countsPlannedRows_thenThePlanGoneThroughWhileApplying() {
        InMemoryUserRepository repo = new InMemoryUserRepository();
        List<String> seen = new ArrayList<>();
        UploadPlan plan = plan(UploadPlan.builder().repository(repo).batchSize(2)
                .progress((stage, done, total) -> seen.add(stage + " " + done + "/" + total)).build(), """
                username,email,firstName,lastName
                a,a@x.com,A,A
                b,b@x.com,B,B
                c,,C,C
                d,d@x.com,D,D
                e,e@x.com,E,E
                """);
        assertEquals(List.of("PLANNING 2/-1", "PLANNING 4/-1", "PLANNING 5/-1"), seen);
        seen.clear();
        plan.apply();
        // c is rejected: the batches are a,b and d,e, flushed after entries 2 and 5
        assertEquals(List.of("APPLYING 2/5", "APPLYING 5/5"), seen);
    }
}
