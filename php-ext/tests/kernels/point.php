<?php
class Point { public $x = 0; public $y = 0; public function sum() { return $this->x + $this->y; } public function shift($d) { $this->x += $d; return $this; } public function scaled($k) { $p = new Point; $p->x = $this->x * $k; $p->y = $this->y * $k; return $p; } public static function twice($n) { return $n * 2; } }
