<?php

// ruleid: php.config.display-errors-enabled
ini_set('display_errors', '1');
// ruleid: php.config.display-errors-enabled
ini_set("display_errors", "On");
// ok: php.config.display-errors-enabled
ini_set('display_errors', '0');
// ok: php.config.display-errors-enabled
ini_set('log_errors', '1');
