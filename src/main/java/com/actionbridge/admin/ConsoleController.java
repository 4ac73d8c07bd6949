package com.actionbridge.admin;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ResponseBody;

/**
 * Serves the console's entry page and {@code locale.js} (the console's default language, from
 * {@code actionbridge.locale}); the other static files come from {@code static/admin/}.
 */
@Controller
class ConsoleController {

    private final String locale;

    ConsoleController(@Value("${actionbridge.locale:zh-CN}") String locale) {
        // Only a language tag reaches the script; anything else falls back to Chinese.
        this.locale = locale != null && locale.matches("[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*") ? locale : "zh-CN";
    }

    @GetMapping(value = "/admin/locale.js", produces = "text/javascript;charset=UTF-8")
    @ResponseBody
    String localeScript() {
        return "window.ACTIONBRIDGE_LOCALE = '" + locale + "';\n";
    }

    @GetMapping("/admin")
    String console() {
        return "redirect:/admin/";
    }

    @GetMapping("/admin/")
    String index() {
        return "forward:/admin/index.html";
    }
}
