package agora.pod;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import agora.platform.contract.TerritoryCode;
import agora.platform.data.timer.Timer;
import agora.platform.host.AgoraService;
import agora.platform.host.Mount;

import io.helidon.http.Status;

/**
 * A service of the tests with a durable timer: {@code POST /api/alarms} sets an alarm in
 * {@code seconds}, its firing writes a row of its own table (in the firing's transaction) and is
 * remembered here. An alarm named {@code flaky…} fails its first two firings.
 */
public final class Alarms implements AgoraService {
    final List<String> rang = new CopyOnWriteArrayList<>();
    final AtomicInteger failures = new AtomicInteger();
    final AtomicInteger sweeps = new AtomicInteger();
    private Timer<Alarm> timer;

    /** For the host. */
    public Alarms() {
    }

    /**
     * An alarm's data.
     *
     * @param label what it says when it rings
     */
    public record Alarm(String label) {
    }

    /**
     * A request to set an alarm.
     *
     * @param label   its label
     * @param seconds in how many seconds (of the process's clock) it rings
     */
    public record SetAlarm(String label, long seconds) {
    }

    /**
     * The seed file.
     *
     * @param presets the alarms every territory starts with
     */
    public record Presets(List<SetAlarm> presets) {
    }

    @Override
    public String name() {
        return "alarms";
    }

    @Override
    public void mount(Mount mount) {
        mount.territoryTables();
        // Every territory starts with the presets of the seed file; replayed at each start, so it
        // only adds what is missing.
        Presets presets = mount.seed("presets.yaml", Presets.class);
        mount.onTerritoryReady(territory -> mount.database().runInTerritory(territory, db -> presets.presets()
                .forEach(preset -> db.insert("INSERT INTO alarms_presets (label, seconds) VALUES (?, ?) "
                        + "ON CONFLICT (label) DO NOTHING", preset.label(), preset.seconds()))));
        timer = mount.timer("ring", Alarm.class, (db, territory, key, alarm) -> {
            if (alarm.label().startsWith("flaky") && failures.incrementAndGet() <= 2) {
                throw new IllegalStateException("the bell is stuck");
            }
            db.insert("INSERT INTO alarms_rung (id, label) VALUES (?, ?)", UUID.randomUUID(), alarm.label());
            rang.add(territory + ":" + alarm.label());
        });
        // Background work that fails its first three runs and then works.
        mount.every("sweep", Duration.ofMillis(50), () -> {
            if (sweeps.incrementAndGet() <= 3) {
                throw new IllegalStateException("sweep " + sweeps.get() + " fails");
            }
        });
        mount.routes(routes -> routes.post("/api/alarms", (request, response) -> {
            SetAlarm set = mount.json().read(request, SetAlarm.class);
            TerritoryCode territory = mount.resolver().code(request);
            Instant due = mount.clock().instant().plus(Duration.ofSeconds(set.seconds()));
            mount.database().runInTerritory(territory, db -> timer.set(db, set.label(), due, new Alarm(set.label())));
            mount.json().write(response, Status.CREATED_201, Map.of("due", due.toString()));
        }));
    }
}
