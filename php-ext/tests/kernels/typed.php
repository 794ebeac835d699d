<?php
class Typed { public int $n = 0; public function setn($v) { $this->n = $v; return 1; } }
