/**
 * The territory service: everyone reads the territories of the pod; operators create, activate and
 * deactivate them through the operator listener. Creating a territory creates its schema and runs
 * the migrations of every service mounted in the process, while it runs.
 *
 * <p>Only the entry type is exported, and only to the pod; {@link agora.territory.Main} runs the
 * service alone.
 */
module agora.territory {
    requires agora.platform.events;
    requires agora.platform.observe;
    requires agora.platform.state;

    exports agora.territory to agora.pod;

    opens agora.territory to com.fasterxml.jackson.databind;
}
