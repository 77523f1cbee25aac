#!/usr/bin/env python3
"""Drives the web catalogue in headless Chromium (Debian's chromium + chromium-driver, selenium from PyPI).

Usage: web_e2e.py BASE_URL CLIP_ID
Loads the clip list, opens a clip with the keyboard, plays it (with its captions track), adds a theme through the
form, builds a playlist, withdraws consent of the first voice in it and checks that clip leaves the running order.
Prints one JSON line of what it saw; exits non-zero with the reason on the first failure.
"""
import json
import os
import sys
import time

os.environ.setdefault("SE_OFFLINE", "true")  # never let selenium fetch a driver: Debian's is used
from selenium import webdriver
from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select, WebDriverWait

base, clip = sys.argv[1], sys.argv[2]
seen = {}


def fail(message):
    print(json.dumps({"ok": False, "failed": message, "seen": seen}))
    sys.exit(1)


options = webdriver.ChromeOptions()
options.binary_location = "/usr/bin/chromium"
for arg in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--mute-audio",
            "--autoplay-policy=no-user-gesture-required", "--window-size=1280,1000"]:
    options.add_argument(arg)
driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
# Pages are replaced after each form (303 then GET): an element of the old page may go stale while waiting.
wait = WebDriverWait(driver, 30, ignored_exceptions=[StaleElementReferenceException, NoSuchElementException])
try:
    # 1. The clip list, and the clip opened with the keyboard.
    driver.get(base + "/clips")
    count = driver.find_element(By.ID, "count").text
    seen["count"] = count
    if "11 clips" not in count:
        fail("clip list shows %r" % count)
    link = driver.find_element(By.CSS_SELECTOR, 'a[href="/clips/%s"]' % clip)
    link.send_keys(Keys.ENTER)
    wait.until(lambda d: d.current_url.endswith("/clips/" + clip))

    # 2. Play it: real decoding in the browser, seeking through range requests, captions track loaded.
    video = driver.find_element(By.ID, "player")
    driver.execute_script("arguments[0].muted = true; arguments[0].play();", video)
    wait.until(lambda d: d.execute_script("return arguments[0].currentTime", video) > 0.5)
    driver.execute_script("arguments[0].currentTime = 4.0;", video)
    wait.until(lambda d: d.execute_script("return arguments[0].currentTime", video) >= 4.0)
    seen["played_to"] = driver.execute_script("return arguments[0].currentTime", video)
    seen["video_width"] = driver.execute_script("return arguments[0].videoWidth", video)
    if seen["video_width"] <= 0:
        fail("the video has no picture")
    cues = driver.execute_script(
        "const t = arguments[0].textTracks[0]; if (!t) return -1; t.mode = 'showing'; return t.cues ? t.cues.length : 0;", video)
    wait.until(lambda d: d.execute_script("const t = arguments[0].textTracks[0]; return t && t.cues ? t.cues.length : 0;", video) > 0)
    seen["caption_cues"] = driver.execute_script("return arguments[0].textTracks[0].cues.length", video)

    # 3. Edit a tag through the form.
    Select(driver.find_element(By.CSS_SELECTOR, "#add-theme select")).select_by_value("memory-making")
    driver.find_element(By.CSS_SELECTOR, "#add-theme button").click()
    wait.until(lambda d: "added memory-making" in d.find_element(By.TAG_NAME, "main").text)
    themes = driver.find_element(By.ID, "theme-list").text
    seen["themes"] = themes
    if "Memory making" not in themes:
        fail("theme not shown after adding: %r" % themes)

    # 4. Build a playlist for a non-clinical audience.
    driver.get(base + "/playlists")
    driver.find_element(By.ID, "pl-name").send_keys("browser-e2e")
    Select(driver.find_element(By.ID, "f-audience")).select_by_value("non-clinical")
    driver.find_element(By.ID, "pl-target").send_keys("60s")
    driver.find_element(By.CSS_SELECTOR, "#build-playlist button[type=submit]").click()
    wait.until(lambda d: d.find_elements(By.ID, "playlist-items"))
    playlist_url = driver.current_url
    rows = driver.find_elements(By.CSS_SELECTOR, "#playlist-items tbody tr")
    seen["playlist_items"] = len(rows)
    if not rows:
        fail("the built playlist is empty")
    first_item = rows[0].get_attribute("data-item")
    rows[0].find_element(By.CSS_SELECTOR, "a").click()

    # 5. Withdraw that speaker's consent from their page.
    wait.until(lambda d: d.find_elements(By.LINK_TEXT, "Speaker and consent page"))
    driver.find_element(By.LINK_TEXT, "Speaker and consent page").click()
    wait.until(lambda d: d.find_elements(By.ID, "withdraw-consent"))
    driver.find_element(By.ID, "w-reason").send_keys("asked in the browser test")
    driver.find_element(By.CSS_SELECTOR, "#withdraw-consent button").click()
    wait.until(lambda d: "withdrew consent" in d.find_element(By.TAG_NAME, "main").text)
    history = driver.find_element(By.ID, "consent-history").text
    seen["history_has_withdrawal"] = "withdrawn" in history

    # 6. The clip has left the playlist's running order.
    driver.get(playlist_url)
    remaining = [r.get_attribute("data-item") for r in driver.find_elements(By.CSS_SELECTOR, "#playlist-items tbody tr")]
    seen["withdrawn_item"] = first_item
    seen["remaining"] = remaining
    if first_item in remaining:
        fail("the withdrawn speaker's clip is still in the running order")
    left_out = driver.find_element(By.ID, "left-out").text
    if "withdrawn" not in left_out:
        fail("the left-out list does not say why: %r" % left_out)
    print(json.dumps({"ok": True, "seen": seen}))
finally:
    driver.quit()
