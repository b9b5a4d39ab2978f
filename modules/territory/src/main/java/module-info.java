/**
 * The territory service: everyone reads the territories of the pod; operators create, activate and
 * deactivate them through the operator listener. Creating a territory readies it in the process
 * (every hosted service's tables and set-up) while it runs.
 *
 * <p>The host finds the service through {@code provides}; nothing is exported.
 */
module agora.territory {
    requires agora.platform.contract;
    requires agora.platform.host;
    requires agora.platform.core;
    requires agora.platform.web;
    requires agora.platform.data;
    requires agora.platform.events;

    provides agora.platform.host.AgoraService with agora.territory.TerritoryService;

    // Jackson binds the request records and writes the views; ResourceBundle reads agora/territory/*.properties.
    opens agora.territory to com.fasterxml.jackson.databind;
}
