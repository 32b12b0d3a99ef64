<?php

// ruleid: php.injection.extract-request-data
extract($_POST);
// ruleid: php.injection.extract-request-data
extract($_GET, EXTR_OVERWRITE);
// ok: php.injection.extract-request-data
extract($_GET, EXTR_SKIP);
// ok: php.injection.extract-request-data
extract(['title' => 'Home', 'items' => $items]);
