package dev.rollcall.jobs;

class InMemoryJobStoreTest extends JobStoreContract {
    @Override
    JobStore store() {
        return new InMemoryJobStore();
    }
}
