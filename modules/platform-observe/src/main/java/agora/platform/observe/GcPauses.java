package agora.platform.observe;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

import com.sun.management.GarbageCollectionNotificationInfo;
import io.helidon.metrics.api.Meter;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Tag;
import io.helidon.metrics.api.Timer;

/**
 * {@code jvm_gc_pause_seconds} (labels {@code action}, {@code cause}, {@code gc}, as Micrometer names
 * them), recorded from the JVM's collection notifications through Helidon's registry only.
 */
final class GcPauses {
    private GcPauses() {
    }

    static void listen(MeterRegistry registry) {
        for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (collector instanceof NotificationEmitter emitter) {
                emitter.addNotificationListener((notification, handback) -> {
                    if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
                        return;
                    }
                    GarbageCollectionNotificationInfo info =
                            GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
                    registry.getOrCreate(Timer.builder("jvm.gc.pause")
                                    .scope(Meter.Scope.BASE)
                                    .tags(List.of(Tag.create("action", info.getGcAction()),
                                            Tag.create("cause", info.getGcCause()),
                                            Tag.create("gc", info.getGcName()))))
                            .record(info.getGcInfo().getDuration(), TimeUnit.MILLISECONDS);
                }, null, null);
            }
        }
    }
}
