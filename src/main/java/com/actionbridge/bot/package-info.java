/** Bot configuration: the {@code bots:} list of {@code config/application.yml}, validated at start-up. */
package com.actionbridge.bot;
