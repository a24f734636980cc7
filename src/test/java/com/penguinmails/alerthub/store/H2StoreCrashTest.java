package com.penguinmails.alerthub.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded H2 store keeps a flushed commit through a crash: the outbox promise (a row is on disk before anything is
 * sent) needs it, and H2 writes commits to its file up to half a second later unless the store is flushed. The relay
 * flushes before it hands rows to a channel (KillMidDeliveryIT shows it on the packaged hub).
 */
class H2StoreCrashTest {

    @Test
    void aRowCommittedAndFlushedJustBeforeAKillIsThereAfterwards(@TempDir Path dir) throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("hub") + ";AUTO_SERVER=FALSE";
        Path log = dir.resolve("child.log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), CommitThenHalt.class.getName(), url)
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).as("the child ended").isTrue();
        assertThat(child.exitValue()).as("it halted right after the commit: %s", Files.readString(log)).isEqualTo(9);

        try (StateStore store = new StateStore(url, "sa", "", 4)) {
            assertThat(new Outbox(store.dataSource()).inState(Outbox.State.PENDING, 10)).extracting(e -> e.message().title())
                    .containsExactly("written just before the crash");
        }
    }

    @Test
    void anH2UrlGetsTheHubsSettingsUnlessItSetsThemItself() {
        assertThat(StateStore.withH2Settings("jdbc:h2:file:./data/alert-hub;AUTO_SERVER=FALSE"))
                .isEqualTo("jdbc:h2:file:./data/alert-hub;AUTO_SERVER=FALSE;QUERY_CACHE_SIZE=64;AUTO_COMPACT_FILL_RATE=50;DB_CLOSE_ON_EXIT=FALSE");
        assertThat(StateStore.withH2Settings("jdbc:h2:file:./data/hub;query_cache_size=16;auto_compact_fill_rate=80;db_close_on_exit=true"))
                .isEqualTo("jdbc:h2:file:./data/hub;query_cache_size=16;auto_compact_fill_rate=80;db_close_on_exit=true");
        assertThat(StateStore.withH2Settings("jdbc:h2:mem:hub")).isEqualTo("jdbc:h2:mem:hub;QUERY_CACHE_SIZE=64;AUTO_COMPACT_FILL_RATE=50;DB_CLOSE_ON_EXIT=FALSE");
        assertThat(StateStore.withH2Settings("jdbc:postgresql://127.0.0.1:5432/hub")).isEqualTo("jdbc:postgresql://127.0.0.1:5432/hub");
    }
}
