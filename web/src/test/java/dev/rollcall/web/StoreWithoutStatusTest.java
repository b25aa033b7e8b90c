package dev.rollcall.web;

import dev.rollcall.core.InMemoryUserRepository;
import dev.rollcall.spi.FieldSchema;
import dev.rollcall.spi.StoreFeatures;
import dev.rollcall.spi.UserChange;
import dev.rollcall.spi.UserQuery;
import dev.rollcall.spi.UserRecord;
import dev.rollcall.spi.UserRepository;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A host store that keeps no account status and takes no passwords (a mapped table without
 * them): the upload form offers neither the new users' status, nor a full upload, nor the
 * password settings, each of which such a store refuses; and what the form sends plans and
 * applies.
 */
class StoreWithoutStatusTest {

    @Test
    void theFormLeavesOutStatusFullUploadAndPasswords_andAnUploadOfNewUsersApplies() throws Exception {
        InMemoryUserRepository users = new InMemoryUserRepository();
        RollcallConsole console = RollcallConsole.builder().repository(new FieldsOnly(users))
                .authorizer(Authorizer.ANYONE).executor(new ConsoleServer.Direct()).build();
        try (ConsoleServer server = new ConsoleServer(console, null)) {
            Client client = new Client(server.root);
            String form = client.get("").body();
            assertTrue(form.contains("name=\"mode\""), form);
            for (String absent : List.of("name=\"newStatus\"", "name=\"full\"", "name=\"allowMass\"",
                    "name=\"updatePasswords\"", "name=\"forceChange\"")) {
                assertFalse(form.contains(absent), absent + " offered: " + form);
            }

            HttpResponse<String> planned = client.upload("people.csv",
                    "username,email,firstName,lastName\nnew1,new1@example.com,New,One\n".getBytes(StandardCharsets.UTF_8),
                    "csrf", client.csrf, "mode", "add-new", "match", "username", "empty", "ignore");
            String review = Client.location(planned);
            client.get(review);
            HttpResponse<String> applied = client.post(review, "csrf", client.csrf, "op", "apply");
            String results = client.get(Client.location(client.get(Client.location(applied)))).body();
            assertTrue(results.contains("id=\"count-created\"><dt>Created</dt><dd>1</dd>"), results);
            assertTrue(users.findBy("username", List.of("new1")).containsKey("new1"), "new1 written");
        }
    }

    @Test
    void aStoreWithStatusAndPasswords_isOfferedThem() throws Exception {
        RollcallConsole console = RollcallConsole.builder().repository(new InMemoryUserRepository())
                .authorizer(Authorizer.ANYONE).executor(new ConsoleServer.Direct()).build();
        try (ConsoleServer server = new ConsoleServer(console, null)) {
            String form = new Client(server.root).get("").body();
            for (String offered : List.of("name=\"newStatus\"", "name=\"full\"", "name=\"updatePasswords\"")) {
                assertTrue(form.contains(offered), offered + " missing: " + form);
            }
        }
    }

    /** Another store's users, declaring only fields: no status, no passwords, no memberships. */
    private record FieldsOnly(UserRepository users) implements UserRepository {
        @Override
        public FieldSchema schema() {
            return users.schema();
        }

        @Override
        public Map<String, List<UserRecord>> findBy(String field, Collection<String> keys) {
            return users.findBy(field, keys);
        }

        @Override
        public Map<String, UserRecord> findByIds(Collection<String> ids) {
            return users.findByIds(ids);
        }

        @Override
        public Stream<UserRecord> list(UserQuery query) {
            return users.list(query);
        }

        @Override
        public List<String> write(List<UserChange> changes) {
            return users.write(changes);
        }

        @Override
        public StoreFeatures features() {
            return StoreFeatures.FIELDS_ONLY;
        }
    }
}
